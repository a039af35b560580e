import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextError, loadStageConfig } from '../lib/config';

const load = (context: Record<string, unknown>) => loadStageConfig((key) => context[key]);

describe('loadStageConfig', () => {
  test('stage defaults', () => {
    expect(load({ stage: 'dev' })).toMatchObject({
      stage: 'dev',
      logRetention: RetentionDays.TWO_WEEKS,
      logLevel: 'DEBUG',
      corsOrigins: [],
      throttle: { rateLimit: 50, burstLimit: 100 },
      retainData: false,
      deletionProtection: false,
      mfaRequired: false,
      enforceThreatProtection: false,
    });
    expect(load({ stage: 'staging' })).toMatchObject({ retainData: true, deletionProtection: false, mfaRequired: true, logRetention: 30 });
    expect(load({ stage: 'prod' })).toMatchObject({ retainData: true, deletionProtection: true, mfaRequired: true, logRetention: 365, logLevel: 'INFO' });
  });

  test('string values from -c are coerced; corsOrigins accepts a comma list or an array', () => {
    const config = load({
      stage: 'prod',
      logRetentionDays: '90',
      throttleRateLimit: '20',
      throttleBurstLimit: '40',
      corsOrigins: 'https://a.example, https://b.example',
      logLevel: 'WARN',
      alarmEmail: 'ops@theta.example',
      account: '123456789012',
      region: 'eu-west-1',
    });
    expect(config).toMatchObject({
      logRetention: 90,
      throttle: { rateLimit: 20, burstLimit: 40 },
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'WARN',
      alarmEmail: 'ops@theta.example',
      account: '123456789012',
      region: 'eu-west-1',
    });
    expect(load({ stage: 'dev', corsOrigins: ['http://localhost:5173', '*'] }).corsOrigins).toEqual(['http://localhost:5173', '*']);
    expect(load({ stage: 'dev', alarmEmail: '' }).alarmEmail).toBeUndefined();
  });

  test.each([
    [{}, /stage: must be one of dev\|staging\|prod/],
    [{ stage: 'qa' }, /stage: must be one of dev\|staging\|prod/],
    [{ stage: 'dev', logRetentionDays: 10 }, /logRetentionDays: must be a CloudWatch retention period/],
    [{ stage: 'dev', logRetentionDays: 'forever' }, /logRetentionDays/],
    [{ stage: 'dev', alarmEmail: 'not-an-email' }, /alarmEmail/],
    [{ stage: 'dev', logLevel: 'TRACE' }, /logLevel/],
    [{ stage: 'prod', corsOrigins: '*' }, /"\*" is only allowed in dev/],
    [{ stage: 'prod', corsOrigins: 'http://app.example' }, /must use https/],
    [{ stage: 'dev', corsOrigins: 'https://app.example/' }, /bare origin/],
    [{ stage: 'dev', throttleRateLimit: 100, throttleBurstLimit: 10 }, /throttleBurstLimit/],
    [{ stage: 'dev', account: '123456789012' }, /account and region must be given together/],
    [{ stage: 'dev', account: '1234', region: 'eu-west-1' }, /12-digit/],
  ])('rejects %j', (context, message) => {
    expect(() => load(context)).toThrow(ContextError);
    expect(() => load(context)).toThrow(message);
  });
});
