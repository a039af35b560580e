// infra reads functions/routes.ts (and through it the contracts) as data at synth time. That import
// must not start the Lambda runtime stack: no Powertools logger/metrics/idempotency, no middy, and
// no runtime config parsed from the environment (a shell with an odd THETA_STAGE must still synth).
const RUNTIME_ONLY = ['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/idempotency', '@middy/core'];
for (const name of RUNTIME_ONLY) {
  jest.doMock(name, () => {
    throw new Error(`${name} was loaded while importing the route table`);
  });
}

beforeAll(() => {
  process.env.THETA_STAGE = 'not-a-stage';
  process.env.THETA_MAX_BODY_BYTES = 'lots';
});

test('importing the route table and the CDK app loads none of the runtime stack', async () => {
  const { ROUTES } = await import('@theta/functions/routes');
  expect(ROUTES.map((r) => r.id)).toContain('SubmitPlacementResponse');
  const { createThetaApp } = await import('../lib/app');
  expect(typeof createThetaApp).toBe('function');
});

test('control: the handler entry (@theta/http) does load them, so the check above can fail', async () => {
  await expect(import('@theta/http')).rejects.toThrow(/was loaded while importing the route table|Invalid environment/);
});
