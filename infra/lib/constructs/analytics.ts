// The analytics data path (docs/insights.md): sessions- and taskers-table changes → one Kinesis Data Stream
// (DynamoDB's streaming destination) → one Firehose delivery stream per kind of record (responses, enrollments,
// measurements: the one transform Lambda keeps the rows of its stream's kind, Firehose converts them to Parquet with
// that kind's Glue schema and partitions them by dt) → S3 `<kind>/` → Glue tables (partition projection on dt) →
// Athena workgroup (encrypted results, bytes-scanned cutoff). grantQuery gives an insights function exactly what
// one Athena query needs.
import * as path from 'node:path';
import { Aws, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PURGE_PREFIX } from '@theta/insights/purge';
import { ANALYTICS_COLUMNS, ANALYTICS_KINDS, type AnalyticsKind, PARTITION_COLUMN } from '@theta/insights/schema';
import type { StageConfig } from '../config';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

export const ANALYTICS_TRANSFORM_ENTRY = 'functions/src/events/responses-to-analytics.ts';
export const RESPONSES_PREFIX = 'responses/';
/** every kind's data prefix: `<kind>/dt=YYYY-MM-DD/` */
export const DATA_PREFIXES = ANALYTICS_KINDS.map((kind) => `${kind}/`);

/** the kinds the insights' SQL reads: the insights functions are granted these tables and prefixes, nothing else */
export const QUERIED_KINDS = ['responses', 'enrollments', 'measurements'] as const satisfies readonly AnalyticsKind[];

/** a named delivery stream's name: its suffix tells the transform which kind it keeps (deliveryKind of @theta/insights) */
export function deliveryStreamName(stage: string, kind: AnalyticsKind): string {
  return `theta-${stage}-analytics-${kind}`;
}
export const RESULTS_PREFIX = 'athena-results/';
export const ERRORS_PREFIX = 'errors/';
/** Athena cancels a query that would scan more (cost guard: 10 GiB ≈ $0.05 at $5/TB) */
export const BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;
/** the first partition the projection knows */
export const PROJECTION_START = '2026-01-01';

export interface ThetaAnalyticsProps {
  config: StageConfig;
  repoRoot: string;
  /** the sessions table: its RESP rows are the responses */
  sessionsTable: dynamodb.Table;
  /** the taskers table: its ENROLL# rows are the enrolments, its HISTORY# rows the measurements, its TRACK# rows the track changes */
  taskersTable?: dynamodb.Table;
}

const TABLE_DESCRIPTIONS: Record<AnalyticsKind, string> = {
  responses: 'One row per scored response (theta-response-log/v1 in snake_case), Parquet, partitioned by the UTC date',
  enrollments: 'One row per enrolment in a course (and per later change of it: completion, exit), Parquet, partitioned by the UTC date of enrolment',
  measurements: 'One row per proficiency measurement of one skill (placement, re-assessment, quiz), Parquet, partitioned by the UTC date of measurement',
  track_changes: 'One row per change of a tasker track (TRACK# rows: ops moves, bulk rules, placements), Parquet, partitioned by the UTC date of the change',
};

export class ThetaAnalytics extends Construct {
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  readonly bucket: s3.Bucket;
  readonly changes: kinesis.Stream;
  readonly databaseName: string;
  readonly responsesTableName = 'responses';
  readonly workGroupName: string;
  readonly transform: ThetaFunction;
  /** the responses' delivery stream */
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly deliveryStreams = new Map<AnalyticsKind, firehose.CfnDeliveryStream>();
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: ThetaAnalyticsProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.databaseName = `theta_${config.stage}`;
    this.workGroupName = `theta-${config.stage}-insights`;
    this.stage = config.stage;

    this.key = new kms.Key(this, 'Key', {
      description: `Theta ${config.stage} analytics: response files and Athena results`,
      enableKeyRotation: true,
      removalPolicy,
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to SSE-S3 buckets
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.retainData ? 365 : 30) }],
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log target of the analytics bucket; logging it to itself would loop and a third bucket only moves the finding.',
    });

    this.bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        ...ANALYTICS_KINDS.map((kind) => ({
          id: kind,
          prefix: `${kind}/`,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(config.retainData ? 5 * 365 : 365),
        })),
        { id: 'athena-results', prefix: RESULTS_PREFIX, expiration: Duration.days(7) },
        // a lake purge's staged files live minutes; one a crash left before its manifest is an orphan (manifests stay)
        { id: 'lake-purge-staged', prefix: `${PURGE_PREFIX}staged/`, expiration: Duration.days(7) },
        { id: 'delivery-errors', prefix: ERRORS_PREFIX, expiration: Duration.days(30) },
        { id: 'multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
    // server access logs by bucket policy (the S3 logging service principal, this bucket as source), not the
    // deprecated LogDeliveryWrite ACL the serverAccessLogsBucket prop would set
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: this.accessLogs.bucketName, logFilePrefix: 'data/' };
    this.accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogs.arnForObjects('data/*')],
        conditions: { ArnLike: { 'aws:SourceArn': this.bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // DynamoDB's Kinesis streaming destination: every item change of the sessions table, encrypted with the
    // aws/kinesis key (a customer key here would only add per-call KMS cost: the records stay 24 h)
    this.changes = new kinesis.Stream(this, 'SessionChanges', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(24),
      removalPolicy,
    });
    (props.sessionsTable.node.defaultChild as dynamodb.CfnTable).kinesisStreamSpecification = { streamArn: this.changes.streamArn };
    // the taskers table keeps its DynamoDB stream (the outbox) and also streams to Kinesis: enrolments, measurements,
    // track changes
    if (props.taskersTable) (props.taskersTable.node.defaultChild as dynamodb.CfnTable).kinesisStreamSpecification = { streamArn: this.changes.streamArn };

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.databaseName, description: `Theta ${config.stage} training analytics (docs/insights.md)` },
    });
    const tables = new Map<AnalyticsKind, glue.CfnTable>();
    for (const kind of ANALYTICS_KINDS) {
      const location = `s3://${this.bucket.bucketName}/${kind}/`;
      // the responses table keeps its original construct id (and logical id)
      const table = new glue.CfnTable(this, kind === 'responses' ? 'ResponsesTable' : `${kind[0]!.toUpperCase()}${kind.slice(1)}Table`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: this.databaseName,
        tableInput: {
          name: kind,
          description: TABLE_DESCRIPTIONS[kind],
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: 'parquet',
            // partition projection: Athena derives dt partitions from the query's dt filter, no crawler or MSCK
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': `${PROJECTION_START},NOW`,
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
          },
          partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
          storageDescriptor: {
            columns: ANALYTICS_COLUMNS[kind].map(([name, , type]) => ({ name, type })),
            location,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
        },
      });
      table.addResourceDependency(database);
      tables.set(kind, table);
    }

    new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Theta insights queries: enforced encrypted result location and a bytes-scanned cutoff',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
        },
      },
    });

    this.transform = new ThetaFunction(this, 'ResponsesToAnalytics', {
      entry: path.resolve(props.repoRoot, ANALYTICS_TRANSFORM_ENTRY),
      projectRoot: props.repoRoot,
      description: 'Firehose transform: sessions- and taskers-table changes -> analytics rows of the invoking stream kind',
      timeoutSeconds: 120,
      ...stageFunctionSettings(config),
    });

    const deliveryLogs = new logs.LogGroup(this, 'DeliveryLogs', { retention: config.logRetention, removalPolicy });
    const deliveryLogStream = new logs.LogStream(this, 'DeliveryLogStream', { logGroup: deliveryLogs, removalPolicy });
    const role = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      description: `Theta ${config.stage} analytics delivery: read the change stream, transform, convert with the Glue schema, write responses/ and errors/`,
    });
    this.changes.grantRead(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resources: [...DATA_PREFIXES, ERRORS_PREFIX].map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'], resources: this.glueArns() }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], resources: [this.transform.function.functionArn] }));
    deliveryLogs.grantWrite(role);
    for (const prefix of [...DATA_PREFIXES, ERRORS_PREFIX]) {
      Validations.of(role).acknowledge({
        id: this.objectsFinding(prefix),
        reason: `Objects under ${prefix} only: Firehose names each object it writes, so the grant is on the prefix; no other resource wildcard.`,
      });
    }

    for (const kind of ANALYTICS_KINDS) {
      const stream = this.deliveryStreamFor(kind, role, deliveryLogs, deliveryLogStream);
      stream.addResourceDependency(tables.get(kind)!);
      this.deliveryStreams.set(kind, stream);
    }
    this.deliveryStream = this.deliveryStreams.get('responses')!;
  }

  /**
   * One kind's delivery stream. The responses' keeps its construct id and generated name; the others are named
   * `theta-<stage>-analytics-<kind>`: the transform reads the kind from the name of the stream that invokes it.
   */
  private deliveryStreamFor(kind: AnalyticsKind, role: iam.Role, deliveryLogs: logs.LogGroup, deliveryLogStream: logs.LogStream): firehose.CfnDeliveryStream {
    const responses = kind === 'responses';
    const stream = new firehose.CfnDeliveryStream(this, responses ? 'Delivery' : `Delivery${kind[0]!.toUpperCase()}${kind.slice(1)}`, {
      ...(responses ? {} : { deliveryStreamName: deliveryStreamName(this.stage, kind) }),
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.changes.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: `${kind}/${PARTITION_COLUMN}=!{partitionKeyFromLambda:${PARTITION_COLUMN}}/`,
        errorOutputPrefix: responses ? `${ERRORS_PREFIX}!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/` : `${ERRORS_PREFIX}${kind}/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
        // format conversion needs ≥ 64 MB buffers; 5 minutes bounds the delay before a response is queryable
        bufferingHints: { sizeInMBs: 128, intervalInSeconds: 300 },
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: this.key.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: deliveryLogs.logGroupName, logStreamName: deliveryLogStream.logStreamName },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.transform.function.functionArn },
                { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
              ],
            },
          ],
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { hiveJsonSerDe: { timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"] } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: Aws.ACCOUNT_ID,
            databaseName: this.databaseName,
            tableName: kind,
            region: Aws.REGION,
            roleArn: role.roleArn,
            versionId: 'LATEST',
          },
        },
      },
    });
    // the role's policy must exist before Firehose starts reading; depending on the role construct also lists the role
    // itself, which the GetAtt already orders (cfn-lint W3005, style only): silence it for this resource alone
    stream.node.addDependency(role);
    stream.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    Validations.of(stream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'Firehose server-side encryption applies to Direct PUT sources only; this stream reads an encrypted Kinesis stream and writes objects SSE-KMS with the analytics key.',
    });
    return stream;
  }

  /** the cdk-nag finding of a grant on every object under a prefix of the analytics bucket */
  private objectsFinding(prefix: string): string {
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`;
  }

  private glueArns(kinds: readonly AnalyticsKind[] = ANALYTICS_KINDS): string[] {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    return [arn('catalog'), arn('database', this.databaseName), ...kinds.map((kind) => arn('table', `${this.databaseName}/${kind}`))];
  }

  /**
   * What one insights query needs, nothing more: Athena in this workgroup only, Glue reads of this database and
   * its tables, S3 reads of the data prefixes, read/write of the results prefix, the analytics key for both.
   */
  grantQuery(fn: ThetaFunction): void {
    this.grantAthena(fn, {
      kinds: QUERIED_KINDS,
      prefixes: QUERIED_KINDS.map((kind) => `${kind}/`),
      objectActions: ['s3:GetObject'],
      reason: (prefix) => `Objects under ${prefix} only (the data prefixes: read; athena-results: Athena writes results with the caller's credentials); every other grant names one resource.`,
    });
    fn.addEnvironment('THETA_GLUE_ENROLLMENTS_TABLE', 'enrollments');
    fn.addEnvironment('THETA_GLUE_MEASUREMENTS_TABLE', 'measurements');
  }

  /**
   * What the lake purge needs (docs/security.md, "The analytics lake"): Athena in this workgroup over every kind's
   * table, and objects of the data prefixes and the purge prefix read, written and deleted (a partition is rewritten
   * by UNLOAD into lake-purge/, copied in, and its old objects deleted). No other function may delete lake objects.
   */
  grantLakeRewrite(fn: ThetaFunction): void {
    this.grantAthena(fn, {
      kinds: ANALYTICS_KINDS,
      prefixes: [...DATA_PREFIXES, PURGE_PREFIX],
      objectActions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      reason: (prefix) => `Objects under ${prefix} only: the purge rewrites partitions whose object names Firehose and Athena UNLOAD choose, so the grant is on the prefix; every other grant names one resource.`,
    });
    fn.addEnvironment('THETA_ANALYTICS_BUCKET', this.bucket.bucketName);
  }

  /** Athena in the workgroup over `kinds`' Glue tables, `objectActions` on the objects under `prefixes`, the results prefix, the key */
  private grantAthena(fn: ThetaFunction, grant: { kinds: readonly AnalyticsKind[]; prefixes: readonly string[]; objectActions: string[]; reason: (prefix: string) => string }): void {
    const workGroupArn = Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [workGroupArn],
      }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable'], resources: this.glueArns(grant.kinds) }));
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [...grant.prefixes, RESULTS_PREFIX].map((prefix) => `${prefix}*`) } },
      }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [this.bucket.bucketArn] }));
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: grant.objectActions, resources: grant.prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)) }));
    fn.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [this.bucket.arnForObjects(`${RESULTS_PREFIX}*`)] }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }));
    fn.addEnvironment('THETA_ATHENA_WORKGROUP', this.workGroupName);
    fn.addEnvironment('THETA_GLUE_DATABASE', this.databaseName);
    fn.addEnvironment('THETA_GLUE_RESPONSES_TABLE', this.responsesTableName);
    for (const prefix of [...grant.prefixes, RESULTS_PREFIX]) Validations.of(fn.role).acknowledge({ id: this.objectsFinding(prefix), reason: grant.reason(prefix) });
  }
}
