// The analytics data path (infra/lib/constructs/analytics.ts, docs/insights.md): encrypted, TLS-only bucket with
// lifecycle and access logs; Glue table partitioned (projected) by dt; Athena workgroup with encrypted results and
// a scan cutoff; Firehose from the sessions change stream with Parquet conversion; and the insights function's
// grants, written out literally (least privilege: a new action fails here).
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ANALYTICS_COLUMNS, ANALYTICS_KINDS, RESPONSE_COLUMNS, TRACK_CHANGE_COLUMNS } from '@theta/insights/schema';
import { BYTES_SCANNED_CUTOFF } from '../lib/constructs/analytics';
import { asArray, statementsForRole, synth, type Synthesized } from './helpers';

let dev: Synthesized;
beforeAll(() => {
  dev = synth({ context: { stage: 'dev' } });
});

const logicalId = (c: { node: { defaultChild?: unknown } }) => dev.stack.getLogicalId(c.node.defaultChild as CfnElement);

test('data bucket: SSE-KMS with the analytics key, public access blocked, TLS only, access logs, lifecycle per prefix', () => {
  const bucketId = logicalId(dev.stack.analytics.bucket);
  const bucket = dev.template.toJSON().Resources[bucketId].Properties;
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
  expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  expect(bucket.LoggingConfiguration.LogFilePrefix).toBe('data/');
  const rules = Object.fromEntries(bucket.LifecycleConfiguration.Rules.map((r: { Id?: string }) => [r.Id, r]));
  expect(rules['athena-results']).toMatchObject({ Prefix: 'athena-results/', ExpirationInDays: 7, Status: 'Enabled' });
  expect(rules.responses).toMatchObject({ Prefix: 'responses/', ExpirationInDays: 365, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] });
  expect(rules['delivery-errors']).toMatchObject({ Prefix: 'errors/', ExpirationInDays: 30 });
  for (const kind of ['enrollments', 'measurements', 'track_changes']) expect(rules[kind]).toMatchObject({ Prefix: `${kind}/`, ExpirationInDays: 365, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] });
  dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
  dev.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('analytics') });
});

test('Glue: the responses table is Parquet, has the analytics columns, and is partitioned by dt with projection', () => {
  dev.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'theta_dev' } });
  dev.template.hasResourceProperties('AWS::Glue::Table', {
    DatabaseName: 'theta_dev',
    TableInput: {
      Name: 'responses',
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      Parameters: Match.objectLike({ classification: 'parquet', 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd' }),
      StorageDescriptor: Match.objectLike({
        Columns: RESPONSE_COLUMNS.map(([Name, , Type]) => ({ Name, Type })),
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      }),
    },
  });
});

test('Athena workgroup: enforced configuration, SSE-KMS results under athena-results/, bytes-scanned cutoff', () => {
  dev.template.hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: 'theta-dev-insights',
    WorkGroupConfiguration: Match.objectLike({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
      ResultConfiguration: { OutputLocation: Match.anyValue(), EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() } },
    }),
  });
  expect(BYTES_SCANNED_CUTOFF).toBe(10 * 1024 ** 3);
});

test('sessions table streams its changes to the encrypted Kinesis stream; Firehose reads it, transforms, converts to Parquet by dt', () => {
  const stream = logicalId(dev.stack.analytics.changes);
  dev.template.hasResourceProperties('AWS::Kinesis::Stream', { StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
  const sessions = dev.template.toJSON().Resources[logicalId(dev.stack.tables.get('sessions').table)].Properties;
  expect(sessions.KinesisStreamSpecification).toEqual({ StreamArn: { 'Fn::GetAtt': [stream, 'Arn'] } });
  dev.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
    DeliveryStreamType: 'KinesisStreamAsSource',
    ExtendedS3DestinationConfiguration: Match.objectLike({
      Prefix: 'responses/dt=!{partitionKeyFromLambda:dt}/',
      DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
      EncryptionConfiguration: { KMSEncryptionConfig: Match.anyValue() },
      DataFormatConversionConfiguration: Match.objectLike({
        Enabled: true,
        OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
        SchemaConfiguration: Match.objectLike({ DatabaseName: 'theta_dev', TableName: 'responses' }),
      }),
    }),
  });
});

test('the insights function: Athena in its workgroup, Glue reads, S3 reads of responses/, results read/write, the key; nothing else', () => {
  const fn = dev.stack.functions.get('GetInsightErrors')!;
  const roleId = dev.stack.getLogicalId(fn.role.node.defaultChild as CfnElement);
  const statements = statementsForRole(dev.template, roleId);
  const actions = statements.flatMap((s) => asArray(s.Action)).sort();
  expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([
    'athena:GetQueryExecution',
    'athena:GetQueryResults',
    'athena:StartQueryExecution',
    'athena:StopQueryExecution',
    'glue:GetDatabase',
    'glue:GetTable',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    's3:AbortMultipartUpload',
    's3:GetBucketLocation',
    's3:GetObject',
    's3:GetObject',
    's3:ListBucket',
    's3:PutObject',
  ]);
  const text = JSON.stringify(statements);
  expect(text).toContain('workgroup/theta-dev-insights');
  expect(text).toContain('/responses/*');
  expect(text).toContain('/enrollments/*');
  expect(text).toContain('/measurements/*');
  expect(text).toContain('/athena-results/*');
  // no insight reads the track changes: neither their objects nor their table
  expect(text).not.toContain('track_changes');
  expect(text).not.toContain('dynamodb:');
  const readOnly = statements.find((s) => asArray(s.Action).join() === 's3:GetObject')!;
  expect(JSON.stringify(readOnly.Resource)).toContain('/responses/*');
  const fnProps = dev.template.toJSON().Resources[dev.stack.getLogicalId(fn.function.node.defaultChild as CfnElement)].Properties;
  expect(fnProps.Environment.Variables).toMatchObject({ THETA_ATHENA_WORKGROUP: 'theta-dev-insights', THETA_GLUE_DATABASE: 'theta_dev', THETA_GLUE_RESPONSES_TABLE: 'responses' });
});

test('Glue: enrollments, measurements and track_changes tables with their columns from the one schema list, projected on dt', () => {
  for (const kind of ANALYTICS_KINDS) {
    dev.template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'theta_dev',
      TableInput: Match.objectLike({
        Name: kind,
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Parameters: Match.objectLike({ 'projection.enabled': 'true', 'storage.location.template': Match.objectLike({}) }),
        StorageDescriptor: Match.objectLike({ Columns: ANALYTICS_COLUMNS[kind].map(([Name, , Type]) => ({ Name, Type })) }),
      }),
    });
  }
  expect(Object.keys(dev.template.findResources('AWS::Glue::Table'))).toHaveLength(4);
  const trackChanges = Object.values(dev.template.findResources('AWS::Glue::Table')).find((t) => t.Properties.TableInput.Name === 'track_changes')!;
  expect(trackChanges.Properties.TableInput.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual([
    'tasker_id',
    'from_track',
    'to_track',
    'changed_at',
    'actor_kind',
    'actor_id',
    'rule_version',
    'reason',
    'rule',
    'placement_id',
    'project_id',
    'move_id',
  ]);
  expect(TRACK_CHANGE_COLUMNS.find(([name]) => name === 'changed_at')![2]).toBe('timestamp');
});

test('the taskers table streams to the same Kinesis stream (its DynamoDB stream stays for the outbox); one delivery stream per kind', () => {
  const stream = logicalId(dev.stack.analytics.changes);
  const taskers = dev.template.toJSON().Resources[logicalId(dev.stack.tables.get('taskers').table)].Properties;
  expect(taskers.KinesisStreamSpecification).toEqual({ StreamArn: { 'Fn::GetAtt': [stream, 'Arn'] } });
  expect(taskers.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  for (const kind of ['enrollments', 'measurements', 'track_changes']) {
    dev.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      // the transform keeps the rows of the kind its stream's name ends with
      DeliveryStreamName: `theta-dev-analytics-${kind}`,
      KinesisStreamSourceConfiguration: Match.objectLike({ KinesisStreamARN: { 'Fn::GetAtt': [stream, 'Arn'] } }),
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `${kind}/dt=!{partitionKeyFromLambda:dt}/`,
        ErrorOutputPrefix: `errors/${kind}/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
        DataFormatConversionConfiguration: Match.objectLike({ SchemaConfiguration: Match.objectLike({ DatabaseName: 'theta_dev', TableName: kind }) }),
      }),
    });
  }
  expect(Object.keys(dev.template.findResources('AWS::KinesisFirehose::DeliveryStream'))).toHaveLength(4);
});

test('the course insight function: the analytics grants of every data prefix, and only GetItem on the bank table', () => {
  const fn = dev.stack.functions.get('GetInsightCourse')!;
  const roleId = dev.stack.getLogicalId(fn.role.node.defaultChild as CfnElement);
  const statements = statementsForRole(dev.template, roleId);
  const text = JSON.stringify(statements);
  for (const prefix of ['responses', 'enrollments', 'measurements', 'athena-results']) expect(text).toContain(`/${prefix}/*`);
  expect(text).not.toContain('track_changes');
  const dynamo = statements.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('dynamodb:'));
  expect(dynamo).toEqual(['dynamodb:GetItem']);
  const fnProps = dev.template.toJSON().Resources[dev.stack.getLogicalId(fn.function.node.defaultChild as CfnElement)].Properties;
  expect(fnProps.Environment.Variables).toMatchObject({ THETA_GLUE_ENROLLMENTS_TABLE: 'enrollments', THETA_GLUE_MEASUREMENTS_TABLE: 'measurements' });
});

test('the delivery role writes under every kind prefix (track_changes/ too) and errors/, nothing else in the bucket', () => {
  const roles = dev.template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'firehose.amazonaws.com' } })] } } });
  const [roleId] = Object.keys(roles);
  expect(Object.keys(roles)).toHaveLength(1);
  const writes = statementsForRole(dev.template, roleId!).find((s) => asArray(s.Action).includes('s3:PutObject'))!;
  const resources = JSON.stringify(writes.Resource);
  for (const prefix of [...ANALYTICS_KINDS, 'errors']) expect(resources).toContain(`/${prefix}/*`);
  expect(asArray(writes.Resource)).toHaveLength(ANALYTICS_KINDS.length + 1);
});
