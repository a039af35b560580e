import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnprocessableError,
} from '@theta/assessment/errors';
import { createHandler, ok, parseHttpConfig, parseGroupsClaim } from '../src';

function event(overrides: Partial<APIGatewayProxyEventV2> & { claims?: Record<string, unknown> } = {}): APIGatewayProxyEventV2 {
  const { claims, ...rest } = overrides;
  const requestContext = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method: 'POST', path: '/v1/x', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
    requestId: 'req-1',
    routeKey: 'POST /v1/x',
    stage: '$default',
    time: '25/Nov/2026:00:00:00 +0000',
    timeEpoch: 0,
    ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
  };
  return {
    version: '2.0',
    routeKey: 'POST /v1/x',
    rawPath: '/v1/x',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext,
    ...rest,
  } as APIGatewayProxyEventV2;
}

const context = {
  awsRequestId: 'aws-req-1',
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
  memoryLimitInMB: '128',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** Claims as API Gateway passes them for a Cognito access token (every value a string). */
function verified(claims: Record<string, unknown>): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return { token_use: 'access', client_id: 'app-client', iat: String(iat), exp: String(iat + 3600), ...claims };
}

const opsClaims = verified({ sub: 'user-1', 'cognito:groups': '[ops]' });

const echo = createHandler(
  {
    access: ['ops', 'author'] as const,
    params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase id') }),
    body: z.strictObject({ count: z.number().int().min(1), label: z.string().min(1) }),
  },
  async ({ principal, body, params }) => ok({ who: principal.sub, roles: principal.roles, id: params.id, count: body.count }),
);

async function call(handler: typeof echo, e: APIGatewayProxyEventV2) {
  const result = await handler(e, context);
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
}

const validBody = JSON.stringify({ count: 2, label: 'x' });

describe('createHandler', () => {
  it('passes validated, typed input and the principal to the function', async () => {
    const res = await call(echo, event({ claims: opsClaims, pathParameters: { id: 'abc' }, body: validBody }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ who: 'user-1', roles: ['ops'], id: 'abc', count: 2 });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('decodes a base64-encoded body', async () => {
    const res = await call(
      echo,
      event({ claims: opsClaims, pathParameters: { id: 'abc' }, body: Buffer.from(validBody).toString('base64'), isBase64Encoded: true }),
    );
    expect(res.status).toBe(200);
  });

  describe('authentication and roles', () => {
    it('401 without verified claims', async () => {
      const res = await call(echo, event({ pathParameters: { id: 'abc' }, body: validBody }));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    });

    it('403 when no role matches, naming the roles required', async () => {
      const res = await call(echo, event({ claims: verified({ sub: 'u', 'cognito:groups': '[tasker]' }), pathParameters: { id: 'abc' }, body: validBody }));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('ops, author');
    });

    it('403 before validation: a forbidden caller learns nothing about the schema', async () => {
      const res = await call(echo, event({ claims: verified({ sub: 'u', 'cognito:groups': '[tasker]' }), body: '{bad' }));
      expect(res.status).toBe(403);
    });

    it('reads groups as Cognito issues them (array) and as API Gateway flattens them ("[a b]")', () => {
      expect(parseGroupsClaim('[ops tasker]')).toEqual(['ops', 'tasker']);
      expect(parseGroupsClaim(['author'])).toEqual(['author']);
      expect(parseGroupsClaim(undefined)).toEqual([]);
      expect(parseGroupsClaim('[]')).toEqual([]);
      expect(parseGroupsClaim([])).toEqual([]);
    });

    it.each([
      ['a bare string', 'ops'],
      ['a comma-separated string', 'ops,author'],
      ['a name with a leading space ([" ops"] flattened)', '[ ops]'],
      ['a name with a trailing space (["ops ", "tasker"] flattened)', '[ops  tasker]'],
      ['an array entry with a trailing space', ['ops ']],
      ['an array entry that is not a string', [1]],
      ['a number', 5],
    ])('refuses cognito:groups given as %s (401)', (_label, claim) => {
      expect(() => parseGroupsClaim(claim)).toThrow(UnauthenticatedError);
    });

    const now = () => Math.floor(Date.now() / 1000);
    it.each([
      ['an ID token (token_use "id")', { token_use: 'id' }],
      ['no token_use', { token_use: undefined }],
      ['no iat', { iat: undefined }],
      ['no exp', { exp: undefined }],
      ['a lifetime over 24 h', { iat: String(now()), exp: String(now() + 24 * 3600 + 1) }],
      ['exp not after iat', { iat: String(now()), exp: String(now()) }],
      ['a non-numeric exp', { exp: 'soon' }],
      ['a role with a trailing space', { 'cognito:groups': '[ops  author]' }],
      ['groups as a plain string', { 'cognito:groups': 'ops' }],
    ])('401 for claims with %s, without calling the function', async (_label, override) => {
      const claims = Object.fromEntries(Object.entries(verified({ sub: 'u', 'cognito:groups': '[ops]', ...override })).filter(([, v]) => v !== undefined));
      const res = await call(echo, event({ claims, pathParameters: { id: 'abc' }, body: validBody }));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    });

    it('accepts a lifetime of exactly 24 h', async () => {
      const claims = verified({ sub: 'u', 'cognito:groups': '[ops]', iat: String(now()), exp: String(now() + 24 * 3600) });
      expect((await call(echo, event({ claims, pathParameters: { id: 'abc' }, body: validBody }))).status).toBe(200);
    });

    it('ignores unknown group names instead of granting anything', async () => {
      const res = await call(echo, event({ claims: verified({ sub: 'u', 'cognito:groups': '[admin root]' }), pathParameters: { id: 'a' }, body: validBody }));
      expect(res.status).toBe(403);
    });
  });

  describe('body parsing and validation', () => {
    const base = { claims: opsClaims, pathParameters: { id: 'abc' } };

    it('400 on malformed JSON, naming the body', async () => {
      const res = await call(echo, event({ ...base, body: '{"count": 2,' }));
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('body');
      expect(res.body.error.details[0].message).toMatch(/malformed JSON/);
    });

    it('400 when the body is missing', async () => {
      const res = await call(echo, event(base));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'body', message: 'a JSON body is required' }]);
    });

    it('400 naming each unknown field', async () => {
      const res = await call(echo, event({ ...base, body: JSON.stringify({ count: 1, label: 'x', extra: 1, more: 2 }) }));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { path: 'body.extra', message: 'unknown field' },
        { path: 'body.more', message: 'unknown field' },
      ]);
    });

    it('400 reporting every failing field of every part at once', async () => {
      const res = await call(
        echo,
        event({ claims: opsClaims, pathParameters: { id: 'NOT OK' }, body: JSON.stringify({ count: 0, label: 5 }) }),
      );
      expect(res.status).toBe(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(['path.id', 'body.count', 'body.label']);
      expect(res.body.error.details[0].message).toBe('must be a lowercase id');
    });

    it('413 when the body exceeds the limit', async () => {
      const res = await call(echo, event({ ...base, body: JSON.stringify({ count: 1, label: 'x'.repeat(70 * 1024) }) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('415 when the body is not JSON', async () => {
      const res = await call(echo, event({ ...base, headers: { 'content-type': 'text/plain' }, body: 'count=1' }));
      expect(res.status).toBe(415);
    });

    it('415 for a JSON body declared in a charset other than UTF-8', async () => {
      for (const ct of ['application/json; charset=latin1', 'application/json;charset="ISO-8859-1"', 'application/json; charset=utf-16']) {
        const res = await call(echo, event({ ...base, headers: { 'content-type': ct }, body: validBody }));
        expect(res.status).toBe(415);
        expect(res.body.error.code).toBe('unsupported_media_type');
        expect(res.body.error.message).toContain('UTF-8');
      }
    });

    it('accepts a JSON content type with parameters or a +json suffix', async () => {
      for (const ct of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;charset=utf8', 'application/merge-patch+json']) {
        const res = await call(echo, event({ ...base, headers: { 'content-type': ct }, body: validBody }));
        expect(res.status).toBe(200);
      }
    });
  });

  describe('error mapping', () => {
    const cases: Array<[Error, number, string]> = [
      [new UnauthenticatedError('no_token', 'no token'), 401, 'no_token'],
      [new ForbiddenError('not_owner', 'not yours'), 403, 'not_owner'],
      [new NotFoundError('placement_not_found', 'no such placement'), 404, 'placement_not_found'],
      [new ConflictError('stale_item', 'not the current item'), 409, 'stale_item'],
      [new GoneError('placement_expired', 'this placement expired after being idle'), 410, 'placement_expired'],
      [new UnprocessableError('infeasible_blueprint', 'cannot meet constraints'), 422, 'infeasible_blueprint'],
      [new TooManyRequestsError('retake_cooldown', 'wait', 3600), 429, 'retake_cooldown'],
    ];
    it.each(cases.map(([e, s, c]) => [e.name, s, e, c] as const))('%s → %i', async (_name, status, error, code) => {
      const failing = createHandler({ access: 'public' }, async () => {
        throw error;
      });
      const res = await call(failing, event());
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.requestId).toBe('req-1');
      if (status === 429) expect(res.headers['retry-after']).toBe('3600');
    });

    it('anything else → 500 with a generic body that leaks nothing', async () => {
      const failing = createHandler({ access: 'public' }, async () => {
        throw new Error('ConditionalCheckFailed on table theta-secret-table');
      });
      const res = await call(failing, event());
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'internal_error', message: 'internal server error' });
      expect(JSON.stringify(res.body)).not.toContain('theta-secret-table');
    });

    it.each([
      ['a string', 'boom'],
      ['a plain object', { reason: 'boom' }],
      ['undefined', undefined],
    ])('a thrown non-Error value (%s) → the same generic 500', async (_label, thrown) => {
      const failing = createHandler({ access: 'public' }, async () => {
        throw thrown;
      });
      const res = await call(failing, event());
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal_error', message: 'internal server error' }, requestId: 'req-1' });
    });
  });
});

describe('parseHttpConfig', () => {
  it('names the bad variable', () => {
    expect(() => parseHttpConfig({ THETA_MAX_BODY_BYTES: 'lots' })).toThrow(/THETA_MAX_BODY_BYTES/);
    expect(() => parseHttpConfig({ THETA_STAGE: 'qa' })).toThrow(/THETA_STAGE/);
  });
  it('applies defaults', () => {
    expect(parseHttpConfig({})).toEqual({ THETA_STAGE: 'local', THETA_MAX_BODY_BYTES: 65536 });
  });
});
