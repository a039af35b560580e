// cdk-nag AwsSolutions over the real route table and the fixture table, for every stage:
// zero unacknowledged errors AND warnings, and every acknowledgement is one we reviewed.
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { STAGES } from '../lib/config';
import { FIXTURE_ROUTES } from './fixtures/routes';
import { synth } from './helpers';

/** Rule ids we acknowledge on purpose; reasons live next to the acknowledgement in infra/lib. */
const REVIEWED_ACKNOWLEDGEMENTS = new Set([
  'AwsSolutions-IAM5[Resource::*]', // X-Ray actions have no resource-level permissions
  'AwsSolutions-L1', // nodejs22.x pinned
  'AwsSolutions-APIG4', // routes declared public in functions/routes.ts
  'AwsSolutions-COG2', // dev only: MFA optional
  'AwsSolutions-SQS3', // the outbox DLQ is itself the on-failure destination of the stream mapping
  'AwsSolutions-S1', // the web access-log bucket is itself the log destination
  'CloudFormation-Validate::W3045', // CloudFront standard logs need an ACL-enabled (ObjectWriter) log bucket (acknowledged by aws-cdk-lib)
  'AwsSolutions-CFR1', // taskers work worldwide: no geo restriction
  'AwsSolutions-CFR2', // CloudFront WAF ACLs live in us-east-1: attach by ARN when one exists
  'AwsSolutions-CFR4', // the default cloudfront.net certificate cannot enforce TLS 1.2
  'AwsSolutions-KDF1', // analytics Firehose reads a Kinesis stream: its SSE setting exists for Direct PUT only
  'AwsSolutions-SMG4', // the erasure's pseudonym key is never rotated: a new key would change every pseudonym
  // analytics (infra/lib/constructs/analytics.ts): object grants under one prefix each of the analytics bucket
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/responses/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/enrollments/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/measurements/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/track_changes/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/errors/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/athena-results/*]',
  'AwsSolutions-IAM5[Resource::<AnalyticsData0C3ED55A.Arn>/lake-purge/*]', // the lake purge's staging and manifests
]);

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

function nagViolations(app: App) {
  return new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    resources: v.violatingResources.map((r) => r.constructPath),
  }));
}

const cases = STAGES.flatMap((stage) => [
  [stage, 'ROUTES', undefined],
  [stage, 'fixture routes', FIXTURE_ROUTES],
] as const);

describe.each(cases)('AwsSolutions, stage=%s, %s', (stage, _label, routes) => {
  let app: App;
  beforeAll(() => {
    // synth() itself throws (with the report) if the registered nag plugin finds anything unacknowledged.
    ({ app } = synth({ context: { stage, alarmEmail: 'oncall@theta.example' }, routes }));
  });

  test('no unacknowledged errors or warnings', () => {
    expect(nagViolations(app)).toEqual([]);
  });

  test('every acknowledgement is a reviewed rule with a specific reason', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(REVIEWED_ACKNOWLEDGEMENTS).toContain(ack.id);
      expect(ack.reason.length).toBeGreaterThan(60);
    }
    const mfaAck = acks.some((a) => a.id === 'AwsSolutions-COG2');
    expect(mfaAck).toBe(stage === 'dev');
  });
});
