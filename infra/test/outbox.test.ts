// The outbox publisher: taskers stream -> Lambda -> EventBridge, with bounded retries into an alarmed DLQ
// and a role that can read this one stream and put events on this one bus, nothing else.
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { OUTBOX_BATCH_SIZE, OUTBOX_RETRY_ATTEMPTS } from '../lib/constructs/outbox-publisher';
import { asArray, statementsForRole, type Synthesized, synthFixture } from './helpers';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthFixture({ stage: 'dev' });
  prod = synthFixture({ stage: 'prod', alarmEmail: 'oncall@theta.example' });
});

const logicalId = (s: Synthesized, element: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId(element.node.defaultChild as CfnElement);

const ids = (s: Synthesized) => {
  const publisher = s.stack.outboxPublisher;
  return {
    fn: logicalId(s, publisher.function.function),
    role: logicalId(s, publisher.function.role),
    queue: logicalId(s, publisher.deadLetterQueue),
    taskers: logicalId(s, s.stack.tables.get('taskers').table),
    bus: logicalId(s, s.stack.eventBus),
  };
};

function mapping(s: Synthesized) {
  // the publisher's mapping: the one on the taskers stream (the lake purge's reads its SQS queue)
  const mappings = Object.values(s.template.findResources('AWS::Lambda::EventSourceMapping') as Resources).filter((m) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
  expect(mappings).toHaveLength(1);
  return mappings[0]?.Properties ?? {};
}

describe('event source mapping', () => {
  test('the taskers stream invokes the publisher, from TRIM_HORIZON, in batches of 25, one batch per shard at a time', () => {
    const { fn, taskers } = ids(dev);
    expect(mapping(dev)).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [taskers, 'StreamArn'] },
      FunctionName: { Ref: fn },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: OUTBOX_BATCH_SIZE,
      ParallelizationFactor: 1,
    });
  });

  test('filters to INSERTs of outbox rows (entity = event)', () => {
    const filters = (mapping(dev).FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['event'] } } } }]);
  });

  test('partial batch responses, bisect on error, bounded retries and record age, then the DLQ', () => {
    const { queue } = ids(dev);
    const props = mapping(dev);
    expect(props).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: OUTBOX_RETRY_ATTEMPTS,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    expect(OUTBOX_RETRY_ATTEMPTS).toBeGreaterThan(0);
    // bounded, and short of the stream's 24 h retention so the DLQ message still points at readable records
    expect(props.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(props.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600);
  });
});

describe('dead-letter queue', () => {
  test('encrypted, TLS-only, 14 days', () => {
    const { queue } = ids(dev);
    dev.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('alarms when it holds a message; notifies the alarm topic when there is one', () => {
    for (const [s, notifies] of [[dev, false], [prod, true]] as const) {
      const alarmId = logicalId(s, s.stack.outboxPublisher.deadLetterAlarm);
      const alarm = (s.template.findResources('AWS::CloudWatch::Alarm') as Resources)[alarmId]?.Properties;
      expect(alarm).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids(s).queue, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(alarm?.AlarmActions !== undefined).toBe(notifies);
    }
  });
});

describe('publisher function', () => {
  test('a ThetaFunction (same runtime, bundle and logging as the routes) with the bus name and no table names', () => {
    const fn = (dev.template.findResources('AWS::Lambda::Function') as Resources)[ids(dev).fn]?.Properties ?? {};
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
    const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ EVENT_BUS_NAME: { Ref: ids(dev).bus }, THETA_STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'theta', NODE_OPTIONS: '--enable-source-maps' });
    expect(Object.keys(env).filter((k) => k.startsWith('THETA_TABLE_'))).toEqual([]);
  });

  test('is no API route', () => {
    const integrations = JSON.stringify(dev.template.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integrations).not.toContain(ids(dev).fn);
  });
});

describe('publisher role: least privilege', () => {
  const statements = (s: Synthesized) => statementsForRole(s.template, ids(s).role);
  const withAction = (s: Synthesized, prefix: string) => statements(s).filter((st) => asArray(st.Action).some((a) => a.startsWith(prefix)));

  test('events:PutEvents on the Theta bus only', () => {
    const events = withAction(dev, 'events:');
    expect(events.map((st) => asArray(st.Action))).toEqual([['events:PutEvents']]);
    expect(events.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [ids(dev).bus, 'Arn'] }]);
  });

  test('DynamoDB: stream read on the taskers stream only; no table read, no write', () => {
    const dynamo = withAction(dev, 'dynamodb:');
    const actions = dynamo.flatMap((st) => asArray(st.Action));
    expect(new Set(actions)).toEqual(new Set(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']));
    expect(dynamo.map((st) => st.Resource)).toEqual(dynamo.map(() => ({ 'Fn::GetAtt': [ids(dev).taskers, 'StreamArn'] })));
  });

  test('SQS: send to its own dead-letter queue only', () => {
    const sqs = withAction(dev, 'sqs:');
    expect(sqs.flatMap((st) => asArray(st.Action))).toContain('sqs:SendMessage');
    expect(sqs.map((st) => st.Resource)).toEqual(sqs.map(() => ({ 'Fn::GetAtt': [ids(dev).queue, 'Arn'] })));
  });

  test('nothing else: logs on its own log group, X-Ray, and the three grants above', () => {
    const prefixes = new Set(statements(dev).flatMap((st) => asArray(st.Action).map((a) => a.split(':')[0])));
    expect(prefixes).toEqual(new Set(['logs', 'xray', 'events', 'dynamodb', 'sqs']));
    const star = statements(dev).filter((st) => st.Resource === '*');
    expect(star.flatMap((st) => asArray(st.Action)).every((a) => a.startsWith('xray:'))).toBe(true);
  });
});
