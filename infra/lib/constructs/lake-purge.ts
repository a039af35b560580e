// The analytics-lake purge (docs/security.md, "The analytics lake"): `tasker.erased` on the bus -> an SQS queue that
// holds each message back past Firehose's buffering (so the last rows of the tasker are in S3 first) -> one Lambda
// at a time rewriting the partitions that hold the tasker's rows (functions/src/events/purge-erased-from-lake.ts).
// A purge that does not finish fails its message and runs on after the visibility timeout; a message that keeps
// failing rests in a dead-letter queue that alarms.
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TASKER_ERASED } from '@theta/assessment/erasure-announcement';
import { EVENT_SOURCE } from '@theta/functions/event-entry';
import type { StageConfig } from '../config';
import { alarmedDeadLetterQueue } from './dead-letter-queue';
import type { ThetaAnalytics } from './analytics';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

export const LAKE_PURGE_ENTRY = 'functions/src/events/purge-erased-from-lake.ts';
/** SQS's longest delivery delay; Firehose buffers at most 900 s, so the stream's last rows of the tasker are in S3 */
export const LAKE_PURGE_DELAY = Duration.minutes(15);
export const LAKE_PURGE_TIMEOUT = Duration.minutes(14);
/** deliveries of one erasure before it rests in the dead-letter queue: ~30 runs of up to 12 min of rewriting */
export const LAKE_PURGE_MAX_RECEIVES = 30;

export interface LakePurgeProps {
  config: StageConfig;
  repoRoot: string;
  eventBus: events.IEventBus;
  analytics: ThetaAnalytics;
  alarmTopic?: sns.ITopic;
}

export class LakePurge extends Construct {
  readonly function: ThetaFunction;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LakePurgeProps) {
    super(scope, id);
    const { config } = props;
    // the messages carry an erased tasker's id: encrypted, TLS only, kept no longer than a purge can take
    ({ queue: this.deadLetterQueue, alarm: this.deadLetterAlarm } = alarmedDeadLetterQueue(this, {
      alarmDescription: `Theta ${config.stage}: an erased tasker's rows could not be purged from the analytics lake in ${LAKE_PURGE_MAX_RECEIVES} runs; the dead-letter message names the erasure (docs/security.md, "The analytics lake")`,
      ...(props.alarmTopic ? { alarmTopic: props.alarmTopic } : {}),
    }));
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deliveryDelay: LAKE_PURGE_DELAY,
      // longer than the function's timeout, so a running purge's message is never delivered twice at once
      visibilityTimeout: LAKE_PURGE_TIMEOUT.plus(Duration.minutes(2)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: LAKE_PURGE_MAX_RECEIVES },
    });

    this.rule = new events.Rule(this, 'TaskerErased', {
      eventBus: props.eventBus,
      description: 'tasker.erased -> the analytics-lake purge queue',
      eventPattern: { source: [EVENT_SOURCE], detailType: [TASKER_ERASED] },
      // the queue policy lets this rule (and nothing else on the bus) send
      targets: [new targets.SqsQueue(this.queue)],
    });

    this.function = new ThetaFunction(this, 'LakePurge', {
      entry: path.resolve(props.repoRoot, LAKE_PURGE_ENTRY),
      projectRoot: props.repoRoot,
      description: 'tasker.erased -> rewrites the analytics lake partitions holding their rows',
      timeoutSeconds: LAKE_PURGE_TIMEOUT.toSeconds(),
      ...stageFunctionSettings(config),
    });
    // one purge at a time: two rewriting the same partition would each copy the other's rows
    (this.function.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 1;
    props.analytics.grantLakeRewrite(this.function);
    this.function.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));

  }
}
