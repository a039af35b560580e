// The one way Theta builds a Lambda: Node 22 on arm64, ESM bundle made by the locally installed
// esbuild (never Docker), its own log group with retention, X-Ray, and an explicit role that starts
// with nothing but permission to write its own logs. Callers add exactly the grants a route needs.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel as EsbuildLogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LogLevel, StageConfig } from '../config';
import { BUNDLE_TARGET, CREATE_REQUIRE_BANNER, EXTERNAL_MODULES } from '../bundling';
import type { TableAccess } from '@theta/functions/routes';
import { tableEnvVar, type TableKey } from '@theta/store/tables';
import { grantTableAccess } from '../table-access';
import type { ThetaTables } from './tables';

export interface ThetaFunctionProps {
  /** absolute path of the handler module (exports `handler`) */
  entry: string;
  /** repo root: where package-lock.json and the workspaces live */
  projectRoot: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  environment: Record<string, string>;
  logLevel: LogLevel;
  logRetention: logs.RetentionDays;
  /** keep the log group when the stack is deleted */
  retainLogs: boolean;
  /** repo-relative directories copied next to the bundle (files the handler reads at run time) */
  assets?: readonly string[];
}

/** What every Theta function takes from the stage: log settings and the Powertools/stage environment. */
export function stageFunctionSettings(config: StageConfig, extraEnvironment: Record<string, string> = {}) {
  return {
    logLevel: config.logLevel,
    logRetention: config.logRetention,
    retainLogs: config.retainData,
    environment: {
      THETA_STAGE: config.stage,
      POWERTOOLS_SERVICE_NAME: 'theta',
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: 'Theta',
      ...extraEnvironment,
    },
  };
}

/** afterBundling: copy each asset directory into the bundle's output directory (e.g. packages/insights/sql → sql/) */
function copyAssets(assets: readonly string[]) {
  const none = (): string[] => [];
  return {
    beforeBundling: none,
    beforeInstall: none,
    afterBundling: (inputDir: string, outputDir: string) => assets.map((dir) => `cp -r "${inputDir}/${dir}" "${outputDir}/"`),
  };
}

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

// ESM output cannot `require`; some bundled CJS dependencies still do (dynamic requires of Node
// built-ins). Defining `require` once at the top of the bundle keeps those working.

export class ThetaFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ThetaFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole, which may create log groups and write to ANY log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Theta ${id}: ${props.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      description: props.description.slice(0, 256),
      role: this.role,
      logGroup: this.logGroup,
      // JSON so the platform START/END/REPORT lines are structured like Powertools' own output;
      // the application level matches POWERTOOLS_LOG_LEVEL so Lambda never drops what Powertools emits.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        // esbuild's per-bundle size table is noise in synth/test output; warnings and errors still show.
        logLevel: EsbuildLogLevel.WARNING,
        keepNames: true,
        sourceMap: true,
        // linked (//# sourceMappingURL) so --enable-source-maps finds index.mjs.map next to the bundle
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // the runtime's AWS SDK v3 (see ../bundling.ts for why)
        externalModules: EXTERNAL_MODULES,
        ...(props.assets?.length ? { commandHooks: copyAssets(props.assets) } : {}),
      },
    });

    // lambda.Function makes its CfnFunction depend on the whole Role construct so the function also
    // waits for the role's DefaultPolicy (needed). The DependsOn on the Role itself duplicates the
    // GetAtt and trips cfn-lint W3005 (style only); silence it for this resource alone.
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

    // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords on "*" to this role.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement uses Resource "*": xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions. Table, event-bus and log permissions are scoped to ARNs.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the esbuild target (node22), Powertools and middy 6 are verified against it; moving to nodejs24.x is a deliberate, tested upgrade rather than a silent bump.',
    });
  }

  addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }

  /** Each declared table: its name in `THETA_TABLE_<KEY>` and exactly the declared actions (table-access.ts). */
  bindTables(tables: ThetaTables, declared: Partial<Record<TableKey, TableAccess>>): void {
    for (const [key, access] of Object.entries(declared) as [TableKey, TableAccess][]) {
      const { table } = tables.get(key);
      this.addEnvironment(tableEnvVar(key), table.tableName);
      grantTableAccess(this.role, table, access);
    }
  }
}
