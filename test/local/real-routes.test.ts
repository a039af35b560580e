// Smoke test of the real ROUTES (functions/routes.ts) behind the local stack: what
// `npm start` serves. Grows with ROUTES only where a route needs no data.
import { type LocalStack, startLocalStack } from '../support/local-stack';

describe('ROUTES on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.stop());

  it('GET /v1/health is public', async () => {
    const response = await stack.get('/v1/health');
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /v1/me needs a token and echoes the caller from its flattened claims', async () => {
    expect((await stack.get('/v1/me')).status).toBe(401);
    const response = await stack.get('/v1/me', { as: ['ops', 'tasker'], sub: 'user-42' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ sub: 'user-42', roles: ['ops', 'tasker'] });
  });
});
