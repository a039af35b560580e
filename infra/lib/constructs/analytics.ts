// The analytics data path (docs/insights.md): sessions-table changes → Kinesis Data Streams (DynamoDB's streaming
// destination) → Firehose (a Lambda keeps new RESP rows as analytics rows, Firehose converts them to Parquet with the
// Glue schema and partitions them by dt) → S3 → Glue table (partition projection on dt) → Athena workgroup (encrypted
// results, bytes-scanned cutoff). grantQuery gives an insights function exactly what one Athena query needs.
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
import { PARTITION_COLUMN, RESPONSE_COLUMNS } from '@theta/insights/schema';
import type { StageConfig } from '../config';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

export const ANALYTICS_TRANSFORM_ENTRY = 'functions/src/events/responses-to-analytics.ts';
export const RESPONSES_PREFIX = 'responses/';
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
}

export class ThetaAnalytics extends Construct {
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  readonly bucket: s3.Bucket;
  readonly changes: kinesis.Stream;
  readonly databaseName: string;
  readonly responsesTableName = 'responses';
  readonly workGroupName: string;
  readonly transform: ThetaFunction;
  readonly deliveryStream: firehose.CfnDeliveryStream;

  constructor(scope: Construct, id: string, props: ThetaAnalyticsProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.databaseName = `theta_${config.stage}`;
    this.workGroupName = `theta-${config.stage}-insights`;

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
        {
          id: 'responses',
          prefix: RESPONSES_PREFIX,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(config.retainData ? 5 * 365 : 365),
        },
        { id: 'athena-results', prefix: RESULTS_PREFIX, expiration: Duration.days(7) },
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

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.databaseName, description: `Theta ${config.stage} training analytics (docs/insights.md)` },
    });
    const location = `s3://${this.bucket.bucketName}/${RESPONSES_PREFIX}`;
    const table = new glue.CfnTable(this, 'ResponsesTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: this.responsesTableName,
        description: 'One row per scored response (theta-response-log/v1 in snake_case), Parquet, partitioned by the UTC date',
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
          columns: RESPONSE_COLUMNS.map(([name, , type]) => ({ name, type })),
          location,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    table.addResourceDependency(database);

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
      description: 'Firehose transform: sessions-table changes -> analytics rows (new RESP rows only)',
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
        resources: [this.bucket.arnForObjects(`${RESPONSES_PREFIX}*`), this.bucket.arnForObjects(`${ERRORS_PREFIX}*`)],
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'], resources: this.glueArns() }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], resources: [this.transform.function.functionArn] }));
    deliveryLogs.grantWrite(role);
    for (const prefix of [RESPONSES_PREFIX, ERRORS_PREFIX]) {
      Validations.of(role).acknowledge({
        id: this.objectsFinding(prefix),
        reason: `Objects under ${prefix} only: Firehose names each object it writes, so the grant is on the prefix; no other resource wildcard.`,
      });
    }

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Delivery', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.changes.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: `${RESPONSES_PREFIX}${PARTITION_COLUMN}=!{partitionKeyFromLambda:${PARTITION_COLUMN}}/`,
        errorOutputPrefix: `${ERRORS_PREFIX}!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
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
            tableName: this.responsesTableName,
            region: Aws.REGION,
            roleArn: role.roleArn,
            versionId: 'LATEST',
          },
        },
      },
    });
    // the role's policy must exist before Firehose starts reading; depending on the role construct also lists the role
    // itself, which the GetAtt already orders (cfn-lint W3005, style only): silence it for this resource alone
    this.deliveryStream.node.addDependency(role);
    this.deliveryStream.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'Firehose server-side encryption applies to Direct PUT sources only; this stream reads an encrypted Kinesis stream and writes objects SSE-KMS with the analytics key.',
    });
    this.deliveryStream.addResourceDependency(table);
  }

  /** the cdk-nag finding of a grant on every object under a prefix of the analytics bucket */
  private objectsFinding(prefix: string): string {
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`;
  }

  private glueArns(): string[] {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    return [arn('catalog'), arn('database', this.databaseName), arn('table', `${this.databaseName}/${this.responsesTableName}`)];
  }

  /**
   * What one insights query needs, nothing more: Athena in this workgroup only, Glue reads of this database and
   * table, S3 reads of the responses/ prefix, read/write of the results prefix, the analytics key for both.
   */
  grantQuery(fn: ThetaFunction): void {
    const workGroupArn = Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [workGroupArn],
      }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable'], resources: this.glueArns() }));
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RESPONSES_PREFIX}*`, `${RESULTS_PREFIX}*`] } },
      }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [this.bucket.bucketArn] }));
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${RESPONSES_PREFIX}*`)] }));
    fn.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [this.bucket.arnForObjects(`${RESULTS_PREFIX}*`)] }),
    );
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }));
    fn.addEnvironment('THETA_ATHENA_WORKGROUP', this.workGroupName);
    fn.addEnvironment('THETA_GLUE_DATABASE', this.databaseName);
    fn.addEnvironment('THETA_GLUE_RESPONSES_TABLE', this.responsesTableName);
    for (const prefix of [RESPONSES_PREFIX, RESULTS_PREFIX]) {
      Validations.of(fn.role).acknowledge({
        id: this.objectsFinding(prefix),
        reason: `Objects under ${prefix} only (responses: read; athena-results: Athena writes results with the caller's credentials); every other grant names one resource.`,
      });
    }
  }
}
