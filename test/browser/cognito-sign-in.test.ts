// Sign-in through Cognito's hosted UI (packages/web/src/auth), in real Chromium against the local stack. page.route
// stands in for Cognito only: config.json says `mode: 'cognito'`, /oauth2/authorize sends the tab back with a code
// and the state, /oauth2/token checks the PKCE verifier against the challenge it saw and answers with a real dev
// access token from the local stack, which the API then accepts, and a refresh token; its refresh grant answers with
// a new access token and no refresh token, as Cognito does.
import { createHash, randomUUID } from 'node:crypto';
import type { Browser, Page, Route } from 'playwright-core';
import { ensureWebBuilt, launchBrowser } from '../support/browser';
import { startLocalStack, type LocalStack } from '../support/local-stack';

const COGNITO = 'https://theta-test.auth.eu-west-1.amazoncognito.com';
const CLIENT_ID = 'web-client-test';
const TASKER = 'cognito-tasker-1';

let stack: LocalStack;
let browser: Browser;

/** What the stand-in saw, per test. */
interface CognitoLog {
  authorize: URLSearchParams[];
  token: URLSearchParams[];
  revoke: URLSearchParams[];
  logout: URLSearchParams[];
  /** access tokens the token endpoint issued, in order */
  issued: string[];
  /** API responses the page received: path, status and the bearer token its request carried */
  api: { path: string; status: number; token: string | undefined }[];
}

interface CognitoOptions {
  /** answers the authorize request with another state */
  replyState?: (state: string) => string;
  /** the access token the code exchange returns (default: a tasker's, valid for an hour) */
  signInToken?: () => Promise<string>;
  /** the refresh grant refuses every refresh token (400 invalid_grant) */
  refuseRefresh?: boolean;
}

beforeAll(async () => {
  ensureWebBuilt();
  stack = await startLocalStack({ seed: true, web: true, onHandlerError: (id, e) => console.error(id, e) });
  browser = await launchBrowser();
  const res = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: TASKER, profile: { declaredDomains: ['coding'], educationLevel: 'master' } } });
  expect(res.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * Cognito answers with a 302; here a page that navigates on, because Playwright does not route the request a
 * fulfilled redirect leads to, and the app's page it reaches must pass through the CSP rewrite below.
 */
const redirect = (route: Route, location: string) =>
  route.fulfill({ status: 200, contentType: 'text/html', body: `<meta http-equiv="refresh" content="0;url=${location.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">` });

/**
 * A tab whose Cognito is the stand-in.
 * The app's documents get the connect-src CloudFront adds in AWS (infra/lib/constructs/web-hosting.ts).
 */
async function cognitoTab(options: CognitoOptions = {}): Promise<{ page: Page; log: CognitoLog }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log: CognitoLog = { authorize: [], token: [], revoke: [], logout: [], issued: [], api: [] };
  const issued = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const base = stack.baseUrl;

  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/v1/')) log.api.push({ path, status: r.status(), token: r.request().headers().authorization?.replace(/^Bearer /, '') });
  });

  await page.route(`${COGNITO}/**`, async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/oauth2/authorize') {
      const q = url.searchParams;
      log.authorize.push(q);
      const code = `code-${issued.size + 1}`;
      issued.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
      const state = options.replyState ? options.replyState(q.get('state') ?? '') : (q.get('state') ?? '');
      return redirect(route, `${q.get('redirect_uri')}?${new URLSearchParams({ code, state }).toString()}`);
    }
    if (url.pathname === '/oauth2/token') {
      const form = new URLSearchParams(route.request().postData() ?? '');
      log.token.push(form);
      const cors = { 'access-control-allow-origin': base, 'content-type': 'application/json' };
      if (form.get('grant_type') === 'refresh_token') {
        const valid = !options.refuseRefresh && form.get('client_id') === CLIENT_ID && refreshTokens.has(form.get('refresh_token') ?? '');
        if (!valid) return route.fulfill({ status: 400, headers: cors, body: JSON.stringify({ error: 'invalid_grant', error_description: 'Refresh Token has expired' }) });
        const accessToken = await stack.tokenFor('tasker', TASKER);
        log.issued.push(accessToken);
        return route.fulfill({ status: 200, headers: cors, body: JSON.stringify({ access_token: accessToken, id_token: 'not-for-the-api', token_type: 'Bearer', expires_in: 3600 }) });
      }
      const grant = issued.get(form.get('code') ?? '');
      const valid =
        grant &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === CLIENT_ID &&
        form.get('redirect_uri') === grant.redirectUri &&
        s256(form.get('code_verifier') ?? '') === grant.challenge;
      if (!valid) return route.fulfill({ status: 400, headers: cors, body: JSON.stringify({ error: 'invalid_grant' }) });
      issued.delete(form.get('code')!);
      const accessToken = await (options.signInToken ?? (() => stack.tokenFor('tasker', TASKER)))();
      log.issued.push(accessToken);
      const refreshToken = `refresh-${randomUUID()}`;
      refreshTokens.add(refreshToken);
      return route.fulfill({ status: 200, headers: cors, body: JSON.stringify({ access_token: accessToken, id_token: 'not-for-the-api', refresh_token: refreshToken, token_type: 'Bearer', expires_in: 3600 }) });
    }
    if (url.pathname === '/oauth2/revoke') {
      const form = new URLSearchParams(route.request().postData() ?? '');
      log.revoke.push(form);
      refreshTokens.delete(form.get('token') ?? '');
      return route.fulfill({ status: 200, headers: { 'access-control-allow-origin': base }, body: '' });
    }
    if (url.pathname === '/logout') {
      log.logout.push(url.searchParams);
      return redirect(route, url.searchParams.get('logout_uri') ?? '/');
    }
    return route.fulfill({ status: 404, body: 'not a Cognito endpoint' });
  });

  await page.route(`${base}/**`, async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/config.json') {
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ auth: { mode: 'cognito', domain: COGNITO, clientId: CLIENT_ID, redirectUri: `${base}/auth/callback`, logoutUri: `${base}/` }, apiBase: `${base}/v1` }),
      });
    }
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    const csp = `${response.headers()['content-security-policy']}; connect-src 'self' ${COGNITO}`;
    return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
  return { page, log };
}

const storedToken = (page: Page) => page.evaluate(() => sessionStorage.getItem('theta.token'));
const storedRefreshToken = (page: Page) => page.evaluate(() => sessionStorage.getItem('theta.refresh-token'));
const refreshRequests = (log: CognitoLog) => log.token.filter((form) => form.get('grant_type') === 'refresh_token');

test('signs in through the hosted UI with code + PKCE, keeps the access token, and the API accepts it', async () => {
  const { page, log } = await cognitoTab();
  await page.goto(`${stack.baseUrl}/#/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('button', { name: `Sign out ${TASKER}` }).waitFor();
  // the tasker home loaded the placement through the API with the exchanged token
  await page.getByRole('link', { name: 'Start my placement test' }).waitFor();
  expect(log.api).toContainEqual(expect.objectContaining({ path: `/v1/taskers/${TASKER}/placements`, status: 200 }));
  expect(log.api.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);

  expect(log.authorize).toHaveLength(1);
  const authorize = log.authorize[0]!;
  expect(Object.fromEntries(authorize)).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${stack.baseUrl}/auth/callback`, scope: 'openid email', code_challenge_method: 'S256' });
  expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.get('code_verifier')).toBeNull(); // the verifier only ever goes to the token endpoint

  expect(log.token).toHaveLength(1);
  expect(s256(log.token[0]!.get('code_verifier')!)).toBe(authorize.get('code_challenge'));
  const token = await storedToken(page);
  expect(JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString())).toMatchObject({ token_use: 'access', sub: TASKER });
  // the refresh token is kept in the tab's sessionStorage with the access token, never in localStorage
  expect(await storedRefreshToken(page)).toMatch(/^refresh-/);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  // an hour's token is not renewed: no refresh request
  expect(refreshRequests(log)).toHaveLength(0);
  // the code is gone from the address bar and the one-time state and verifier from storage
  expect(new URL(page.url()).search).toBe('');
  expect(await page.evaluate(() => [sessionStorage.getItem('theta.oauth.state'), sessionStorage.getItem('theta.oauth.verifier')])).toEqual([null, null]);
});

test('a reply with the wrong state is refused with a clear message, and no code is exchanged', async () => {
  const { page, log } = await cognitoTab({ replyState: () => 'forged-state' });
  await page.goto(`${stack.baseUrl}/#/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('alert').filter({ hasText: 'state mismatch' }).waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('Sign-in refused');
  expect(log.token).toHaveLength(0);
  expect(await storedToken(page)).toBeNull();
  await page.getByRole('link', { name: 'Back to sign-in' }).waitFor();
});

test("sign-out revokes the refresh token, clears the tab and ends Cognito's session at /logout, then returns to the app", async () => {
  const { page, log } = await cognitoTab();
  await page.goto(`${stack.baseUrl}/#/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const signOut = page.getByRole('button', { name: `Sign out ${TASKER}` });
  await signOut.waitFor();
  const refreshToken = await storedRefreshToken(page);
  await signOut.click();

  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(log.revoke.map((form) => Object.fromEntries(form))).toEqual([{ token: refreshToken, client_id: CLIENT_ID }]);
  expect(log.logout).toHaveLength(1);
  expect(Object.fromEntries(log.logout[0]!)).toEqual({ client_id: CLIENT_ID, logout_uri: `${stack.baseUrl}/` });
  expect(await storedToken(page)).toBeNull();
  expect(await storedRefreshToken(page)).toBeNull();
});

/** Signs in and waits until the tasker home has read both of its API paths (`/v1/taskers/{id}` and its placements). */
async function signInToHome(options: CognitoOptions) {
  const tab = await cognitoTab(options);
  await tab.page.goto(`${stack.baseUrl}/#/sign-in`);
  await tab.page.getByRole('button', { name: 'Sign in' }).click();
  await tab.page.getByRole('link', { name: 'Start my placement test' }).waitFor();
  return tab;
}

const HOME_PATHS = [`/v1/taskers/${TASKER}`, `/v1/taskers/${TASKER}/placements`];

test.each([
  ['expires within 60 s', () => stack.tokenFor('tasker', TASKER, { ttlSeconds: 30 })],
  ['expired an hour ago', () => stack.tokenFor('tasker', TASKER, { issuedAt: Math.floor(Date.now() / 1000) - 7200 })],
])('a token that %s is renewed with the refresh token before the calls, once for the two concurrent calls', async (_, signInToken) => {
  const { page, log } = await signInToHome({ signInToken });
  const refreshToken = await storedRefreshToken(page);

  // one refresh grant, a public client's: no secret, no code, no verifier
  expect(refreshRequests(log).map((form) => Object.fromEntries(form))).toEqual([{ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken }]);
  const [signedIn, renewed] = log.issued;
  // every call, both home calls included, carried the renewed token and none the old one
  expect([...new Set(log.api.map((r) => r.path))].sort()).toEqual(HOME_PATHS);
  expect(log.api.every((r) => r.token === renewed && r.status !== 401)).toBe(true);
  expect(log.api.some((r) => r.token === signedIn)).toBe(false);
  expect(await storedToken(page)).toBe(renewed);
  // Cognito sent no new refresh token: the one held stays
  expect(refreshToken).toMatch(/^refresh-/);
  expect(await storedRefreshToken(page)).toBe(refreshToken);
});

test('a 401 from the API renews the token once and retries each call once with the new token', async () => {
  // a token the API refuses while the app still reads it as valid (as it would a revoked one)
  const { page, log } = await signInToHome({ signInToken: () => stack.tokenFor('tasker', TASKER, { claims: { client_id: 'not-the-web-client' } }) });
  const [refused, renewed] = log.issued;

  expect(refreshRequests(log)).toHaveLength(1);
  for (const path of HOME_PATHS) {
    const calls = log.api.filter((r) => r.path === path);
    expect(calls.map((r) => r.token)).toEqual([refused, renewed]);
    // the retry was answered (the tasker has no record yet, so its own path is a 404), not refused again
    expect(calls.map((r) => r.status === 401)).toEqual([true, false]);
  }
  expect(log.api.find((r) => r.path === `/v1/taskers/${TASKER}/placements` && r.token === renewed)?.status).toBe(200);
  expect(await storedToken(page)).toBe(renewed);
});

test('a refused refresh ends the session: sign-in with a notice, tokens cleared, and nothing more is tried', async () => {
  const { page, log } = await cognitoTab({ signInToken: () => stack.tokenFor('tasker', TASKER, { ttlSeconds: 30 }), refuseRefresh: true });
  await page.goto(`${stack.baseUrl}/#/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('status').filter({ hasText: 'Your session ended; sign in again' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await page.getByRole('button', { name: /^Sign out/ }).count()).toBe(0);
  expect([await storedToken(page), await storedRefreshToken(page)]).toEqual([null, null]);

  // stops there: no second refresh, no call with the dying token, no trip back to the hosted UI on its own
  await page.waitForTimeout(1500);
  expect(refreshRequests(log)).toHaveLength(1);
  expect(log.api).toEqual([]);
  expect(log.authorize).toHaveLength(1);
  expect(new URL(page.url()).hash).toBe('#/sign-in');
});
