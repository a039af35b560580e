// The one Theta stack: tables, user pool, HTTP API, event bus and one function per route.
// Routes and tables default to the shared contracts; tests inject fixtures through the same props.
import { CfnOutput, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { JOBS, type JobDefinition } from '@theta/functions/jobs';
import { ROUTES, type RouteDefinition } from '@theta/functions/routes';
import { TABLES, type TableDefinition, type TableKey } from '@theta/store/tables';
import type { StageConfig } from './config';
import { ThetaAlarms } from './constructs/alarms';
import { ThetaHttpApi } from './constructs/api';
import { ThetaAuth, WEB_CALLBACK_PATH, WEB_LOGOUT_PATH } from './constructs/auth';
import { ThetaAnalytics } from './constructs/analytics';
import { LakePurge } from './constructs/lake-purge';
import { OutboxPublisher } from './constructs/outbox-publisher';
import { PseudonymKey } from './constructs/pseudonym-key';
import { ScheduledJob } from './constructs/scheduled-job';
import { pascal, ThetaTables } from './constructs/tables';
import { stageFunctionSettings, ThetaFunction } from './constructs/theta-function';
import { WebHosting } from './constructs/web-hosting';
import { corsAllowHeaders, findRepoRoot, routeEntryPath, validateRoutes } from './routes';

export interface ThetaStackProps extends StackProps {
  config: StageConfig;
  /** defaults to ROUTES from functions/routes.ts */
  routes?: readonly RouteDefinition[];
  /** defaults to JOBS from functions/jobs.ts */
  jobs?: readonly JobDefinition[];
  /** defaults to TABLES from packages/store/src/tables.ts */
  tables?: Readonly<Record<TableKey, TableDefinition>>;
  /** directory route entries are relative to; defaults to the directory holding cdk.json */
  repoRoot?: string;
}

export class ThetaStack extends Stack {
  readonly tables: ThetaTables;
  readonly auth: ThetaAuth;
  readonly api: ThetaHttpApi;
  readonly eventBus: events.EventBus;
  /** taskers stream -> EventBridge (the outbox) */
  readonly outboxPublisher: OutboxPublisher;
  /** sessions changes -> Firehose -> Parquet in S3 -> Glue -> Athena (docs/insights.md) */
  readonly analytics: ThetaAnalytics;
  /** tasker.erased -> SQS -> the analytics-lake purge (docs/security.md, "The analytics lake") */
  readonly lakePurge: LakePurge;
  /** keyed by route id */
  readonly functions = new Map<string, ThetaFunction>();
  /** alarms and the dashboard (docs/deploy.md, "Monitoring") */
  readonly alarms: ThetaAlarms;
  /** keyed by job id */
  readonly jobs = new Map<string, ScheduledJob>();
  /** the erasure's pseudonym key (docs/security.md, "Privacy") */
  readonly pseudonymKey: PseudonymKey;

  constructor(scope: Construct, id: string, props: ThetaStackProps) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? ROUTES;
    const tableDefinitions = props.tables ?? TABLES;
    const repoRoot = props.repoRoot ?? findRepoRoot();
    const jobs = props.jobs ?? JOBS;
    validateRoutes(routes, tableDefinitions, repoRoot, jobs);

    Tags.of(this).add('app', 'theta');
    Tags.of(this).add('stage', config.stage);

    this.tables = new ThetaTables(this, 'Tables', {
      definitions: tableDefinitions,
      retainData: config.retainData,
      deletionProtection: config.deletionProtection,
    });

    this.auth = new ThetaAuth(this, 'Auth', {
      stage: config.stage,
      mfaRequired: config.mfaRequired,
      enforceThreatProtection: config.enforceThreatProtection,
      retainData: config.retainData,
      deletionProtection: config.deletionProtection,
      domainPrefix: config.authDomainPrefix,
      // The distribution needs the API, whose authorizer needs the web client: the client's callback URLs resolve
      // late. No CloudFormation cycle: web client -> distribution -> API, authorizer -> web client.
      webAppUrl: Lazy.string({ produce: () => web.url }),
    });

    this.api = new ThetaHttpApi(this, 'Api', {
      stage: config.stage,
      userPool: this.auth.userPool,
      userPoolClients: [this.auth.client, this.auth.webClient],
      corsOrigins: config.corsOrigins,
      corsAllowHeaders: corsAllowHeaders(routes),
      throttle: config.throttle,
      logRetention: config.logRetention,
      retainLogs: config.retainData,
    });

    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: `theta-${config.stage}`,
      description: `Theta ${config.stage} domain events (placements, proficiency, routing)`,
    });

    const routeScope = new Construct(this, 'Routes');
    for (const route of routes) {
      this.functions.set(route.id, this.addRouteFunction(routeScope, route, repoRoot, config));
    }

    this.pseudonymKey = new PseudonymKey(this, 'PseudonymKey', { stage: config.stage, retainData: config.retainData });
    for (const route of routes) if (route.readsPseudonymKey) this.pseudonymKey.grantRead(this.functions.get(route.id)!);

    const alarms = new ThetaAlarms(this, 'Alarms', { stage: config.stage, httpApi: this.api.httpApi, alarmEmail: config.alarmEmail });
    this.alarms = alarms;
    for (const [id, fn] of this.functions) alarms.watchFunction(id, fn.function);
    for (const { definition, table } of this.tables.all()) alarms.watchTable(pascal(definition.key), table);

    const jobScope = new Construct(this, 'Jobs');
    for (const job of jobs) {
      this.jobs.set(job.id, new ScheduledJob(jobScope, job.id, { job, config, repoRoot, tables: this.tables, ...(alarms.topic ? { alarmTopic: alarms.topic } : {}) }));
    }
    alarms.addFunctionWidgets();

    this.analytics = new ThetaAnalytics(this, 'Analytics', { config, repoRoot, sessionsTable: this.tables.get('sessions').table, taskersTable: this.tables.get('taskers').table });
    for (const route of routes) if (route.analytics) this.analytics.grantQuery(this.functions.get(route.id)!);

    this.outboxPublisher = new OutboxPublisher(this, 'OutboxPublisher', {
      config,
      repoRoot,
      table: this.tables.get('taskers').table,
      eventBus: this.eventBus,
      alarmTopic: alarms.topic,
    });

    this.lakePurge = new LakePurge(this, 'LakePurge', { config, repoRoot, eventBus: this.eventBus, analytics: this.analytics, ...(alarms.topic ? { alarmTopic: alarms.topic } : {}) });

    // the web app and, under /v1/*, the same API from one origin (docs/web.md)
    const web = new WebHosting(this, 'Web', {
      stage: config.stage,
      apiEndpoint: this.api.url,
      retainData: config.retainData,
      auth: { domainUrl: this.auth.domain.baseUrl(), clientId: this.auth.webClient.userPoolClientId, callbackPath: WEB_CALLBACK_PATH, logoutPath: WEB_LOGOUT_PATH },
    });
    new CfnOutput(this, 'WebUrl', { value: web.url, description: 'The tasker app and the ops / training console' });
    new CfnOutput(this, 'WebConfig', { value: web.appConfig, description: 'Upload as config.json beside the app (docs/deploy.md)' });
    new CfnOutput(this, 'WebBucketName', { value: web.bucket.bucketName, description: 'Upload packages/web/dist here (docs/deploy.md)' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API ($default stage)' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'WebClientId', { value: this.auth.webClient.userPoolClientId, description: 'The web app\'s hosted-UI client' });
    new CfnOutput(this, 'HostedUiUrl', { value: this.auth.domain.baseUrl(), description: 'Cognito hosted sign-in (docs/web.md)' });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    for (const { definition, table } of this.tables.all()) {
      new CfnOutput(this, `${pascal(definition.key)}TableName`, { value: table.tableName, description: definition.purpose });
    }
  }

  private addRouteFunction(scope: Construct, route: RouteDefinition, repoRoot: string, config: StageConfig): ThetaFunction {
    const fn = new ThetaFunction(scope, route.id, {
      entry: routeEntryPath(repoRoot, route),
      projectRoot: repoRoot,
      description: `${route.method} ${route.path}`,
      memoryMb: route.memoryMb,
      timeoutSeconds: route.timeoutSeconds,
      ...(route.bundleAssets ? { assets: route.bundleAssets } : {}),
      ...stageFunctionSettings(config),
    });

    fn.bindTables(this.tables, route.tables ?? {});

    if (route.publishesEvents) {
      fn.addEnvironment('EVENT_BUS_NAME', this.eventBus.eventBusName);
      // events:PutEvents on this bus's ARN only.
      this.eventBus.grantPutEventsTo(fn.role);
    }

    this.api.addRoute(route, fn.function);
    return fn;
  }
}
