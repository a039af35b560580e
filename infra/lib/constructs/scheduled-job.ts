// A scheduled job (functions/jobs.ts): its function, its declared table grants, and an EventBridge rule that
// invokes it on its rate. Failed runs retry twice (EventBridge's async invoke); the next run takes the rest.
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { JobDefinition } from '@theta/functions/jobs';
import type { StageConfig } from '../config';
import type { ThetaTables } from './tables';
import { notifyOnTopic } from './alarms';
import { stageFunctionSettings, ThetaFunction } from './theta-function';

export interface ScheduledJobProps {
  job: JobDefinition;
  config: StageConfig;
  repoRoot: string;
  tables: ThetaTables;
  /** alarm notifications, when the stage has an alarm topic */
  alarmTopic?: sns.ITopic;
}

export class ScheduledJob extends Construct {
  readonly function: ThetaFunction;
  readonly rule: events.Rule;
  /** the job failed (error or timeout, retries included) in two periods in a row: its failures reach no API alarm */
  readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { job } = props;
    this.function = new ThetaFunction(this, 'Function', {
      entry: path.resolve(props.repoRoot, job.entry),
      projectRoot: props.repoRoot,
      description: `scheduled every ${job.everyMinutes} min: ${job.description}`,
      memoryMb: job.memoryMb,
      timeoutSeconds: job.timeoutSeconds,
      ...stageFunctionSettings(props.config),
    });
    this.function.bindTables(props.tables, job.tables);
    this.rule = new events.Rule(this, 'Schedule', {
      description: `Theta ${props.config.stage}: ${job.id} every ${job.everyMinutes} min`,
      schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, maxEventAge: Duration.minutes(job.everyMinutes) })],
    });
    this.failureAlarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
      alarmDescription: `Theta ${props.config.stage}: scheduled job ${job.id} failed in two periods in a row (${job.description})`,
      metric: this.function.function.metricErrors({ period: Duration.minutes(Math.max(5, job.everyMinutes)), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    notifyOnTopic(this.failureAlarm, props.alarmTopic);
  }
}
