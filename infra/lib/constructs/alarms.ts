// Service-level alarms on the API. Unhandled Lambda errors, timeouts and throttles all surface
// as API 5xx, so two API alarms cover every route without one alarm per function.
// Notifications go to an SNS topic only when an alarm email is configured.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
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

export class ThetaAlarms extends Construct {
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: ThetaAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);

    const serverErrors = new cloudwatch.Alarm(this, 'Api5xx', {
      alarmDescription: `Theta ${props.stage}: the API returned 5xx responses (handler errors, timeouts or throttled functions)`,
      metric: props.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const latency = new cloudwatch.Alarm(this, 'ApiLatencyP99', {
      alarmDescription: `Theta ${props.stage}: p99 API latency above 3 s for 15 minutes`,
      metric: props.httpApi.metricLatency({ period, statistic: cloudwatch.Stats.p(99) }),
      threshold: 3000,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: `Theta ${props.stage} alarms`,
        // Denies sns:Publish without TLS (AwsSolutions-SNS3).
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      for (const alarm of [serverErrors, latency]) notifyOnTopic(alarm, this.topic);
    }
  }
}
