// The outbox publisher: a Lambda on the `taskers` stream that forwards the `EVENT#` rows written by the
// completion transaction to the Theta event bus (functions/src/events/publish-outbox.ts).
// Delivery is at-least-once; what cannot be published after bounded retries lands in an SQS queue that alarms.
import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { alarmedDeadLetterQueue } from './dead-letter-queue';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

/** handler module, relative to the repo root */
export const OUTBOX_PUBLISHER_ENTRY = 'functions/src/events/publish-outbox.ts';

/** stream records per invocation: 25 events = 3 PutEvents requests of ≤ 10 */
export const OUTBOX_BATCH_SIZE = 25;
/** retries of a failing batch (bisected on function errors) before it goes to the dead-letter queue */
export const OUTBOX_RETRY_ATTEMPTS = 10;
/** a record older than this goes to the dead-letter queue, well before the stream drops it (24 h) */
export const OUTBOX_MAX_RECORD_AGE = Duration.hours(12);

export interface OutboxPublisherProps {
  config: StageConfig;
  /** repo root: the handler entry is relative to it */
  repoRoot: string;
  /** the `taskers` table; its stream (NEW_IMAGE) carries the outbox rows */
  table: dynamodb.ITable;
  eventBus: events.IEventBus;
  /** alarm notifications, when the stage has an alarm topic */
  alarmTopic?: sns.ITopic;
}

export class OutboxPublisher extends Construct {
  readonly function: ThetaFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSourceMapping: lambda.EventSourceMapping;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OutboxPublisherProps) {
    super(scope, id);
    const { config } = props;
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('OutboxPublisher: the taskers table has no stream (TABLES.taskers.stream must be NEW_IMAGE)');

    this.function = new ThetaFunction(this, 'OutboxPublisher', {
      entry: path.resolve(props.repoRoot, OUTBOX_PUBLISHER_ENTRY),
      projectRoot: props.repoRoot,
      description: 'taskers stream -> EventBridge: publishes outbox (EVENT#) rows',
      // three sequential PutEvents requests, each with the SDK's own retries, fit easily; not behind API Gateway
      timeoutSeconds: 30,
      ...stageFunctionSettings(config, { EVENT_BUS_NAME: props.eventBus.eventBusName }),
    });
    // events:PutEvents on this bus's ARN only.
    props.eventBus.grantPutEventsTo(this.function.role);

    // Receives, per batch that exhausted its retries, the shard and sequence-number range (not the records):
    // replay from the stream within 24 h, or from the EVENT# rows, which stay in the table.
    ({ queue: this.deadLetterQueue, alarm: this.deadLetterAlarm } = alarmedDeadLetterQueue(this, {
      alarmDescription: `Theta ${config.stage}: outbox events were not published to EventBridge within ${OUTBOX_RETRY_ATTEMPTS} retries / ${OUTBOX_MAX_RECORD_AGE.toHours()} h; the dead-letter queue names the stream records to replay (docs/architecture.md, Events)`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    }));
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS the dead-letter destination: it is the on-failure destination of the outbox event source mapping. cdk-nag recognises only redrive policies and function DeadLetterConfig as DLQ use; nothing consumes this queue automatically, so it needs no DLQ of its own, and it alarms when non-empty.',
    });

    // The mapping DynamoEventSource would create, with its grant written out: DynamoEventSource on a Table
    // also grants dynamodb:ListStreams on "*" (every stream in the account). Here the four actions of the
    // DynamoDB guide's Lambda-on-streams policy are scoped to this table's stream and nothing else.
    this.function.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    this.eventSourceMapping = new lambda.EventSourceMapping(this, 'TaskersStream', {
      target: this.function.function,
      eventSourceArn: streamArn,
      // TRIM_HORIZON: when the mapping is first created (or replaced), publish the outbox rows still in the
      // stream (24 h) instead of silently skipping events committed before the mapping existed. Replays are
      // harmless: consumers dedupe on the event id.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: OUTBOX_BATCH_SIZE,
      // one batch at a time per shard keeps a tasker's events in commit order
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: OUTBOX_RETRY_ATTEMPTS,
      maxRecordAge: OUTBOX_MAX_RECORD_AGE,
      // grants the function's role sqs:SendMessage on this queue
      onFailure: new SqsDlq(this.deadLetterQueue),
      // only new outbox rows invoke the function (profile, proficiency, history, track writes do not)
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('event') } } },
        }),
      ],
    });

  }
}
