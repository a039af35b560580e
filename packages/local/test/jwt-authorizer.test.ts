import { SignJWT } from 'jose';
import {
  createDevTokenSigner,
  createJwtAuthorizer,
  DEV_AUDIENCE,
  DEV_ISSUER,
  generateIssuerKeys,
  type IssuerKeys,
  type LocalServer,
  startLocalServer,
  toApiGatewayClaims,
} from '@theta/local';
import { received } from './fixtures/handlers/echo';
import { FIXTURE_ROUTES } from './fixtures/routes';

describe('JWT authorizer (as API Gateway HTTP API runs it)', () => {
  let server: LocalServer;
  let keys: IssuerKeys;
  let otherKeys: IssuerKeys;

  beforeAll(async () => {
    [keys, otherKeys] = await Promise.all([generateIssuerKeys(), generateIssuerKeys()]);
    server = await startLocalServer({
      routes: FIXTURE_ROUTES,
      authorizer: createJwtAuthorizer({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: [DEV_AUDIENCE] }),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    received.length = 0;
  });

  const sign = createDevTokenSigner;
  const getPrivate = (token?: string) =>
    fetch(`${server.url}/private/echo`, token === undefined ? {} : { headers: { authorization: token } });

  const rejected: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['a non-Bearer scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['an expired token', async () => `Bearer ${await sign(keys)({ sub: 'u1', roles: ['ops'], issuedAt: Math.floor(Date.now() / 1000) - 7200, ttlSeconds: 3600 })}`],
    ['a token signed by another key (same kid)', async () => `Bearer ${await sign({ ...otherKeys, kid: keys.kid })({ sub: 'u1', roles: ['ops'] })}`],
    ['a token whose kid is unknown', async () => `Bearer ${await sign(otherKeys)({ sub: 'u1', roles: ['ops'] })}`],
    ['a wrong audience (client_id)', async () => `Bearer ${await sign(keys)({ sub: 'u1', roles: ['ops'], claims: { client_id: 'someone-else' } })}`],
    ['a wrong issuer', async () => `Bearer ${await sign(keys)({ sub: 'u1', roles: ['ops'], claims: { iss: 'https://evil.example' } })}`],
    ['a token not valid yet (nbf)', async () => `Bearer ${await sign(keys)({ sub: 'u1', roles: ['ops'], claims: { nbf: Math.floor(Date.now() / 1000) + 600 } })}`],
    ['a token issued in the future (iat)', async () => `Bearer ${await sign(keys)({ sub: 'u1', roles: ['ops'], issuedAt: Math.floor(Date.now() / 1000) + 600 })}`],
    [
      'a token without exp',
      async () =>
        `Bearer ${await new SignJWT({ sub: 'u1', client_id: DEV_AUDIENCE, token_use: 'access' }).setProtectedHeader({ alg: 'RS256', kid: keys.kid }).setIssuer(DEV_ISSUER).setIssuedAt().sign(keys.privateKey)}`,
    ],
    [
      'an HMAC-signed token',
      async () =>
        `Bearer ${await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'HS256', kid: keys.kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(new Uint8Array(32))}`,
    ],
    ['an unsigned (alg none) token', async () => `Bearer ${unsignedToken()}`],
  ];

  // Signature-valid tokens that Cognito never issues as an access token (issue 13 item 5).
  const notCognitoAccessTokens: [string, () => Promise<string>, RegExp][] = [
    [
      'a token without kid in its header',
      async () =>
        new SignJWT({ sub: 'u1', client_id: DEV_AUDIENCE, token_use: 'access', 'cognito:groups': ['ops'] })
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuer(DEV_ISSUER)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(keys.privateKey),
      /no kid/,
    ],
    ['an ID token (token_use "id", aud)', async () => sign(keys)({ sub: 'u1', roles: ['ops'], claims: { token_use: 'id', aud: DEV_AUDIENCE, client_id: undefined } }), /token_use must be .access./],
    ['no token_use', async () => sign(keys)({ sub: 'u1', roles: ['ops'], claims: { token_use: undefined } }), /token_use must be .access./],
    ['an access token that also carries aud', async () => sign(keys)({ sub: 'u1', roles: ['ops'], claims: { aud: DEV_AUDIENCE } }), /carries no aud/],
    ['cognito:groups as a string', async () => sign(keys)({ sub: 'u1', roles: [], claims: { 'cognito:groups': 'ops' } }), /cognito:groups must be an array/],
    ['a group name with a trailing space', async () => sign(keys)({ sub: 'u1', roles: [], claims: { 'cognito:groups': ['ops '] } }), /not a Cognito group name/],
    ['a group name with a leading space', async () => sign(keys)({ sub: 'u1', roles: [], claims: { 'cognito:groups': [' ops'] } }), /not a Cognito group name/],
    ['a lifetime over 24 h', async () => sign(keys)({ sub: 'u1', roles: ['ops'], ttlSeconds: 24 * 3600 + 1 }), /lifetime/],
    ['no iat', async () => sign(keys)({ sub: 'u1', roles: ['ops'], claims: { iat: undefined } }), /iat/],
    ['no sub', async () => sign(keys)({ sub: 'u1', roles: ['ops'], claims: { sub: undefined } }), /sub/],
  ];

  it.each(notCognitoAccessTokens)('answers 401 for %s, naming why in WWW-Authenticate', async (_label, mint, why) => {
    const response = await getPrivate(`Bearer ${await mint()}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(why);
    expect(received).toHaveLength(0);
  });

  it('accepts a lifetime of exactly 24 h and a group name with inner punctuation', async () => {
    const token = await sign(keys)({ sub: 'u1', roles: [], ttlSeconds: 24 * 3600, claims: { 'cognito:groups': ['ops', 'eu-west-1_Ab12:admins'] } });
    expect((await getPrivate(`Bearer ${token}`)).status).toBe(200);
  });

  it.each(rejected)('answers 401 {"message":"Unauthorized"} for %s, without calling the handler', async (_label, header) => {
    const response = await getPrivate(await header());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(received).toHaveLength(0);
  });

  it('passes a valid token and puts the claims, flattened like API Gateway, in the event', async () => {
    const token = await sign(keys)({ sub: 'tasker-7', roles: ['ops', 'tasker'], claims: { email: 'a@b.c', email_verified: true, profile: { a: 1 }, gone: null } });
    const response = await getPrivate(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    const { event } = received[0]!;
    const authorizer = (event.requestContext as typeof event.requestContext & { authorizer: { jwt: { claims: Record<string, string>; scopes: unknown } } }).authorizer;
    expect(authorizer.jwt.scopes).toBeNull();
    const claims = authorizer.jwt.claims;
    expect(claims).toMatchObject({
      sub: 'tasker-7',
      'cognito:groups': '[ops tasker]',
      username: 'tasker-7',
      iss: DEV_ISSUER,
      client_id: DEV_AUDIENCE,
      token_use: 'access',
      email_verified: 'true',
      profile: '{"a":1}',
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(claims.iat).toMatch(/^\d+$/);
    expect(claims).not.toHaveProperty('gone');
    expect(claims).not.toHaveProperty('aud');
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(event.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('accepts a Cognito access token whose client_id (not aud) is the audience', async () => {
    const token = await new SignJWT({ sub: 'u1', client_id: DEV_AUDIENCE, token_use: 'access', scope: 'openid' })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .setIssuer(DEV_ISSUER)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys.privateKey);
    expect((await getPrivate(`bearer ${token}`)).status).toBe(200);
  });

  // API Gateway evaluates client_id only when aud is absent; with both present, aud decides.
  const withAudienceClaims = (claims: Record<string, string>) =>
    new SignJWT({ sub: 'u1', token_use: 'access', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .setIssuer(DEV_ISSUER)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys.privateKey);

  it('rejects a wrong aud even when client_id is the right audience', async () => {
    const response = await getPrivate(`Bearer ${await withAudienceClaims({ aud: 'someone-else', client_id: DEV_AUDIENCE })}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('the token does not have a valid audience');
    expect(received).toHaveLength(0);
  });

  it('refuses the right aud too: API Gateway would pass it, but Cognito access tokens carry no aud', async () => {
    const response = await getPrivate(`Bearer ${await withAudienceClaims({ aud: DEV_AUDIENCE, client_id: 'another-client' })}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('carries no aud');
  });

  it('rejects a token with neither aud nor client_id, and one whose client_id (no aud) is wrong', async () => {
    expect((await getPrivate(`Bearer ${await withAudienceClaims({})}`)).status).toBe(401);
    expect((await getPrivate(`Bearer ${await withAudienceClaims({ client_id: 'another-client' })}`)).status).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('leaves public routes alone, token or not', async () => {
    expect((await fetch(`${server.url}/public/echo`)).status).toBe(200);
    expect((await fetch(`${server.url}/public/echo`, { headers: { authorization: 'Bearer garbage' } })).status).toBe(200);
    expect(received[0]!.event.requestContext).not.toHaveProperty('authorizer');
  });
});

describe('toApiGatewayClaims', () => {
  it('stringifies every claim the way API Gateway does', () => {
    expect(toApiGatewayClaims({ a: ['x', 'y'], n: 5, b: false, s: 's', o: { k: 'v' }, z: null, e: [] })).toEqual({
      a: '[x y]',
      n: '5',
      b: 'false',
      s: 's',
      o: '{"k":"v"}',
      e: '[]',
    });
  });
});

function unsignedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'u1', iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now, exp: now + 600 })}.`;
}
