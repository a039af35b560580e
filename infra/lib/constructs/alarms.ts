// Service-level alarms and the operations dashboard (docs/deploy.md, "Monitoring"). The API alarms cover every route
// (an unhandled error, a timeout or a throttled function surfaces as a 5xx); per-function error alarms name the
// function that crashed; per-table throttle alarms say when DynamoDB, not the code, is the bottleneck.
// Notifications go to an SNS topic only when an alarm email is configured.
import { type CfnResource, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Sends an alarm's ALARM and OK transitions to the topic, when the stage has one. */
export function notifyOnTopic(alarm: cloudwatch.Alarm, topic: sns.ITopic | undefined): void {
  if (!topic) return;
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
}

export interface ThetaAlarmsProps {
  stage: string;
  httpApi: apigw.HttpApi;
  alarmEmail?: string;
}

/** the share of requests answered with a 5xx, in percent, above which the API alarms */
export const SERVER_ERROR_RATE_PERCENT = 1;
/** throttled DynamoDB requests per 5 minutes on one table above which it alarms (on-demand tables rarely throttle) */
export const TABLE_THROTTLE_THRESHOLD = 10;

export class ThetaAlarms extends Construct {
  readonly topic?: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  private readonly stage: string;
  private readonly period = Duration.minutes(5);
  private readonly functionErrorMetrics: cloudwatch.IMetric[] = [];
  private readonly functionDurationMetrics: cloudwatch.IMetric[] = [];

  constructor(scope: Construct, id: string, props: ThetaAlarmsProps) {
    super(scope, id);
    this.stage = props.stage;
    const period = this.period;
    const api = props.httpApi;

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: `Theta ${props.stage} alarms`,
        // Denies sns:Publish without TLS (AwsSolutions-SNS3).
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const serverErrors = new cloudwatch.Alarm(this, 'Api5xx', {
      alarmDescription: `Theta ${props.stage}: the API returned 5xx responses (handler errors, timeouts or throttled functions)`,
      metric: api.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // a rate as well as a count: 5 errors mean something at 50 requests and little at 50,000
    const errorRate = new cloudwatch.Alarm(this, 'Api5xxRate', {
      alarmDescription: `Theta ${props.stage}: more than ${SERVER_ERROR_RATE_PERCENT}% of API requests answered 5xx for 10 minutes`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: api.metricServerError({ period, statistic: cloudwatch.Stats.SUM }), requests: api.metricCount({ period, statistic: cloudwatch.Stats.SUM }) },
        period,
        label: '5xx rate (%)',
      }),
      threshold: SERVER_ERROR_RATE_PERCENT,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const latency = new cloudwatch.Alarm(this, 'ApiLatencyP99', {
      alarmDescription: `Theta ${props.stage}: p99 API latency above 3 s for 15 minutes`,
      metric: api.metricLatency({ period, statistic: cloudwatch.Stats.p(99) }),
      threshold: 3000,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [serverErrors, errorRate, latency]) notifyOnTopic(alarm, this.topic);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `theta-${props.stage}`, defaultInterval: Duration.hours(3) });
    // AWS::CloudWatch::Dashboard takes no Tags (cfn-lint E3002): the stack-wide tags must not reach it
    (this.dashboard.node.defaultChild as CfnResource).addPropertyDeletionOverride('Tags');
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API requests and errors', width: 12, left: [api.metricCount({ period, statistic: 'Sum' }), api.metricClientError({ period, statistic: 'Sum' }), api.metricServerError({ period, statistic: 'Sum' })] }),
      new cloudwatch.GraphWidget({ title: 'API latency (ms)', width: 12, left: [api.metricLatency({ period, statistic: 'p50' }), api.metricLatency({ period, statistic: 'p99' })], leftAnnotations: [{ value: 3000, label: 'p99 alarm' }] }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: [serverErrors, errorRate, latency] }),
    );
  }

  /** An alarm on the function's own errors (crashes, timeouts: what a handler's error mapping never sees). */
  watchFunction(id: string, fn: lambda.IFunction): cloudwatch.Alarm {
    const errors = fn.metricErrors({ period: this.period, statistic: cloudwatch.Stats.SUM });
    const alarm = new cloudwatch.Alarm(this, `${id}Errors`, {
      alarmDescription: `Theta ${this.stage}: function ${id} failed (an error or a timeout) in two periods in a row`,
      metric: errors,
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    notifyOnTopic(alarm, this.topic);
    this.functionErrorMetrics.push(errors.with({ label: id }));
    this.functionDurationMetrics.push(fn.metricDuration({ period: this.period, statistic: 'p99' }).with({ label: id }));
    return alarm;
  }

  /** An alarm on a table's throttled requests, read and write. */
  watchTable(id: string, table: dynamodb.ITable): cloudwatch.Alarm {
    const metric = (name: string) => new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: name, dimensionsMap: { TableName: table.tableName }, period: this.period, statistic: 'Sum' });
    const throttles = new cloudwatch.MathExpression({ expression: 'FILL(r, 0) + FILL(w, 0)', usingMetrics: { r: metric('ReadThrottleEvents'), w: metric('WriteThrottleEvents') }, period: this.period, label: `${id} throttles` });
    const alarm = new cloudwatch.Alarm(this, `${id}Throttles`, {
      alarmDescription: `Theta ${this.stage}: table ${id} throttled more than ${TABLE_THROTTLE_THRESHOLD} requests in 5 minutes`,
      metric: throttles,
      threshold: TABLE_THROTTLE_THRESHOLD,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    notifyOnTopic(alarm, this.topic);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `DynamoDB ${id}`,
        width: 8,
        left: [metric('ConsumedReadCapacityUnits').with({ label: 'read units' }), metric('ConsumedWriteCapacityUnits').with({ label: 'write units' })],
        right: [throttles],
      }),
    );
    return alarm;
  }

  /** The functions' errors and p99 durations, in widgets of at most 25 metrics each; call once, after every watchFunction. */
  addFunctionWidgets(): void {
    const chunk = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 25) }, (_, i) => xs.slice(i * 25, i * 25 + 25));
    for (const [i, metrics] of chunk(this.functionErrorMetrics).entries()) this.dashboard.addWidgets(new cloudwatch.GraphWidget({ title: `Function errors (${i + 1})`, width: 12, left: metrics, stacked: true }));
    for (const [i, metrics] of chunk(this.functionDurationMetrics).entries()) this.dashboard.addWidgets(new cloudwatch.GraphWidget({ title: `Function duration p99 (${i + 1})`, width: 12, left: metrics }));
  }
}
