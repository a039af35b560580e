// Alarms and the dashboard (docs/deploy.md, "Monitoring"; issue 13 "Observability"): the API's 5xx count, 5xx rate
// and p99 latency; one error alarm per route function; one throttle alarm per table; every alarm notifies the topic
// when the stage has an alarm email; the dashboard graphs the API, every table and every function.
import type { CfnElement } from 'aws-cdk-lib';
import { SERVER_ERROR_RATE_PERCENT, TABLE_THROTTLE_THRESHOLD } from '../lib/constructs/alarms';
import { type Synthesized, synthFixture } from './helpers';

type Resources = Record<string, { Properties: Record<string, unknown> }>;
let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthFixture({ stage: 'dev' });
  prod = synthFixture({ stage: 'prod', alarmEmail: 'oncall@theta.example' });
});

const alarms = (s: Synthesized) => Object.values(s.template.findResources('AWS::CloudWatch::Alarm') as Resources).map((r) => r.Properties);
const byDescription = (s: Synthesized, pattern: RegExp) => alarms(s).filter((a) => pattern.test(String(a.AlarmDescription)));
const ref = (s: Synthesized, element: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(element.node.defaultChild as CfnElement);

test('the 5xx rate alarm divides 5xx by requests and fires above the stated percent for two periods', () => {
  const [rate] = byDescription(dev, /of API requests answered 5xx/);
  expect(rate).toMatchObject({ Threshold: SERVER_ERROR_RATE_PERCENT, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
  const metrics = rate!.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[];
  expect(metrics.find((m) => m.Expression)?.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
  expect(metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric.MetricName).sort()).toEqual(['5xx', 'Count']);
  expect(byDescription(dev, /p99 API latency/)).toHaveLength(1);
});

test('one error alarm per route function, on that function\'s Errors metric', () => {
  for (const [id, fn] of dev.stack.functions) {
    const found = byDescription(dev, new RegExp(`function ${id} failed`));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1, EvaluationPeriods: 2 });
    expect(found[0]!.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: ref(dev, fn.function) } }]);
  }
});

test('one throttle alarm per table, read and write throttles summed', () => {
  for (const { definition, table } of dev.stack.tables.all()) {
    const found = byDescription(dev, new RegExp(`table ${definition.key[0]!.toUpperCase()}${definition.key.slice(1)} throttled`));
    expect(found).toHaveLength(1);
    expect(found[0]!.Threshold).toBe(TABLE_THROTTLE_THRESHOLD);
    const metrics = found[0]!.Metrics as { Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: unknown[] } } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('FILL(r, 0) + FILL(w, 0)');
    for (const m of metrics.filter((x) => x.MetricStat)) expect(m.MetricStat!.Metric.Dimensions).toEqual([{ Name: 'TableName', Value: { Ref: ref(dev, table) } }]);
  }
});

test('with an alarm email every alarm notifies the topic on ALARM and OK; without one, none has actions', () => {
  for (const alarm of alarms(prod)) {
    expect(alarm.AlarmActions).toHaveLength(1);
    expect(alarm.OKActions).toHaveLength(1);
  }
  for (const alarm of alarms(dev)) expect(alarm.AlarmActions ?? []).toHaveLength(0);
});

test('the dashboard graphs the API, every table and every route function', () => {
  const dashboards = Object.values(dev.template.findResources('AWS::CloudWatch::Dashboard') as Resources);
  expect(dashboards).toHaveLength(1);
  expect(dashboards[0]!.Properties.DashboardName).toBe('theta-dev');
  const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
  for (const title of ['API requests and errors', 'API latency (ms)', 'Alarms']) expect(body).toContain(title);
  for (const { definition } of dev.stack.tables.all()) expect(body).toContain(`DynamoDB ${definition.key[0]!.toUpperCase()}${definition.key.slice(1)}`);
  for (const [id, fn] of dev.stack.functions) {
    expect(body).toContain(`\\"label\\":\\"${id}\\"`);
    expect(body).toContain(ref(dev, fn.function));
  }
});
