// The analytics-lake purge in CDK (infra/lib/constructs/lake-purge.ts): tasker.erased on the bus -> a delayed,
// encrypted queue with a dead-letter queue that alarms -> one function at a time, granted the lake rewrite and
// nothing else; and no other function may delete objects of the analytics bucket.
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { LAKE_PURGE_MAX_RECEIVES } from '../lib/constructs/lake-purge';
import { asArray, statementsForRole, synth, type Synthesized } from './helpers';

let dev: Synthesized;
beforeAll(() => {
  dev = synth({ context: { stage: 'dev' } });
});
const logicalId = (c: { node: { defaultChild?: unknown } }) => dev.stack.getLogicalId(c.node.defaultChild as CfnElement);

test('tasker.erased on the stage bus goes to the purge queue, held back 15 minutes', () => {
  const queueId = logicalId(dev.stack.lakePurge.queue);
  dev.template.hasResourceProperties('AWS::Events::Rule', {
    EventBusName: { Ref: logicalId(dev.stack.eventBus) },
    EventPattern: { source: ['theta.assessment'], 'detail-type': ['tasker.erased'] },
    Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } })],
  });
  const queue = dev.template.toJSON().Resources[queueId].Properties;
  expect(queue).toMatchObject({ DelaySeconds: 900, SqsManagedSseEnabled: true, MessageRetentionPeriod: 4 * 86_400 });
  expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(dev.stack.lakePurge.deadLetterQueue), 'Arn'] }, maxReceiveCount: LAKE_PURGE_MAX_RECEIVES });
  // a running purge's message is not handed to another run: visibility outlasts the function
  const fn = dev.template.toJSON().Resources[logicalId(dev.stack.lakePurge.function.function)].Properties;
  expect(queue.VisibilityTimeout).toBeGreaterThan(fn.Timeout);
  expect(fn.ReservedConcurrentExecutions).toBe(1);
  dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
    BatchSize: 1,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('could not be purged from the analytics lake') });
});

test('the purge function may rewrite the data and purge prefixes and query in the workgroup, nothing more', () => {
  const role = logicalId(dev.stack.lakePurge.function.role);
  const statements = statementsForRole(dev.template, role);
  const actions = new Set(statements.flatMap((s) => asArray(s.Action)));
  const s3 = [...actions].filter((a) => a.startsWith('s3:')).sort();
  expect(s3).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
  const deletes = statements.filter((s) => asArray(s.Action).includes('s3:DeleteObject'));
  const prefixes = deletes.flatMap((s) => asArray(s.Resource)).map((r) => JSON.stringify(r).match(/\/([a-z_-]+\/)\*/)?.[1]).sort();
  expect(prefixes).toEqual(['enrollments/', 'lake-purge/', 'measurements/', 'responses/', 'track_changes/']);
  // the queue: receive and delete its messages (the event source), never send
  expect([...actions].filter((a) => a.startsWith('sqs:')).sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
  expect([...actions].some((a) => a.startsWith('dynamodb:'))).toBe(false);
  const env = dev.template.toJSON().Resources[logicalId(dev.stack.lakePurge.function.function)].Properties.Environment.Variables;
  expect(env).toMatchObject({ THETA_ANALYTICS_BUCKET: { Ref: logicalId(dev.stack.analytics.bucket) }, THETA_ATHENA_WORKGROUP: 'theta-dev-insights', THETA_GLUE_DATABASE: 'theta_dev', THETA_GLUE_RESPONSES_TABLE: 'responses' });
});

test('no other role may delete analytics objects', () => {
  const purgeRole = logicalId(dev.stack.lakePurge.function.role);
  const bucket = logicalId(dev.stack.analytics.bucket);
  const resources = dev.template.toJSON().Resources as Record<string, { Type: string; Properties: { Roles?: { Ref: string }[]; PolicyDocument?: { Statement: unknown[] } } }>;
  const deleters = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties.PolicyDocument?.Statement ?? []).some((s) => JSON.stringify(s).includes('s3:DeleteObject') && JSON.stringify(s).includes(bucket)))
    .flatMap((r) => (r.Properties.Roles ?? []).map((role) => role.Ref));
  expect(deleters).toEqual([purgeRole]);
});

test('staged files of a purge expire; its manifests do not', () => {
  const rules = dev.template.toJSON().Resources[logicalId(dev.stack.analytics.bucket)].Properties.LifecycleConfiguration.Rules as { Id: string; Prefix: string; ExpirationInDays?: number }[];
  expect(rules.find((r) => r.Id === 'lake-purge-staged')).toMatchObject({ Prefix: 'lake-purge/staged/', ExpirationInDays: 7 });
  expect(rules.some((r) => 'lake-purge/manifests/'.startsWith(r.Prefix ?? ' ') && r.Prefix !== '')).toBe(false);
});
