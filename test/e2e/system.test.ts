// The foundation's vertical slice, end to end through the local API Gateway with real signed tokens.
import { generateIssuerKeys, createDevTokenSigner } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { leakedSecrets } from '../support/seed-bank';

let stack: LocalStack;
let checkedBodies = 0;

beforeAll(async () => {
  // every body goes through the suite-wide no-secrets check, except the OpenAPI document: it documents the
  // import format (which names keys and parameters) and carries no item of the bank
  stack = await startLocalStack({
    checkResponse: (res) => {
      if (res.text.startsWith('{"openapi"')) return;
      expect(leakedSecrets(res.text)).toEqual([]);
      checkedBodies++;
    },
  });
});

afterAll(() => {
  expect(checkedBodies).toBeGreaterThan(10);
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/health (public)', () => {
  it('answers without a token', async () => {
    const res = await stack.get('/v1/health');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'theta', database: 'ok' });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });
});

describe('GET /v1/me (any role)', () => {
  it.each(['tasker', 'onboarding', 'ops', 'author', 'quality'] as const)('returns the principal of a %s token', async (role) => {
    const res = await stack.get('/v1/me', { as: role, sub: `${role}-7` });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ sub: `${role}-7`, roles: [role] });
  });

  it('carries several roles', async () => {
    const res = await stack.get('/v1/me', { as: ['ops', 'author'], sub: 'lead-1' });
    expect(res.json()).toEqual({ sub: 'lead-1', roles: ['ops', 'author'] });
  });

  it('401 without a token', async () => {
    const res = await stack.get('/v1/me');
    expect(res.status).toBe(401);
  });

  it('401 with an expired token', async () => {
    const token = await stack.tokenFor('ops', 'ops-1', { issuedAt: Math.floor(Date.now() / 1000) - 7200, ttlSeconds: 3600 });
    expect((await stack.get('/v1/me', { token })).status).toBe(401);
  });

  it('401 with a token signed by another key', async () => {
    const forged = await createDevTokenSigner(await generateIssuerKeys())({ sub: 'ops-1', roles: ['ops'] });
    expect((await stack.get('/v1/me', { token: forged })).status).toBe(401);
  });

  it('401 with a token for another audience', async () => {
    const token = await stack.tokenFor('ops', 'ops-1', { claims: { client_id: 'some-other-app' } });
    expect((await stack.get('/v1/me', { token })).status).toBe(401);
  });

  it('401 with a token from another issuer', async () => {
    const token = await stack.tokenFor('ops', 'ops-1', { claims: { iss: 'https://evil.example' } });
    expect((await stack.get('/v1/me', { token })).status).toBe(401);
  });

  it('401 with a tampered payload', async () => {
    const token = await stack.tokenFor('tasker', 'tasker-1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const elevated = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['ops'] })).toString('base64url');
    expect((await stack.get('/v1/me', { token: `${header}.${elevated}.${signature}` })).status).toBe(401);
  });

  it('403 when the token has no Theta role', async () => {
    const token = await stack.tokenFor([], 'nobody-1');
    const res = await stack.get('/v1/me', { token });
    expect(res.status).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden_role');
  });
});

describe('roles on other routes', () => {
  it('403 for a route the role may not call', async () => {
    const res = await stack.post('/v1/placements', { taskerId: 't-1', profile: { declaredDomains: [], educationLevel: 'bachelor' } }, { as: 'tasker', sub: 't-1' });
    expect(res.status).toBe(403);
  });

  it('404 for an unknown route, 405 for a wrong method', async () => {
    expect((await stack.get('/v1/nothing-here')).status).toBe(404);
    const res = await stack.request('DELETE', '/v1/health');
    expect(res.status).toBe(405);
  });

  it('serves a valid OpenAPI document publicly', async () => {
    const res = await stack.get('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/health', '/v1/me', '/v1/placements', '/v1/placements/{id}/responses']));
  });
});
