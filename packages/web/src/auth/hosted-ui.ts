// Sign-in through Cognito's hosted UI: authorization code + PKCE. The state and code_verifier live in this tab's
// sessionStorage between the redirect out and the return to /auth/callback; only the access token (and the refresh
// token that renews it, auth/token-refresh.ts) is kept after.
import { signOut, storedRefreshToken, storeToken } from '../session';
import type { CognitoAuth } from './config';
import { pkceChallenge, randomUrlSafe } from './pkce';

const STATE_KEY = 'theta.oauth.state';
const VERIFIER_KEY = 'theta.oauth.verifier';

/** Sends the tab to the hosted sign-in page. */
export async function startHostedSignIn(auth: CognitoAuth): Promise<void> {
  const state = randomUrlSafe();
  const verifier = randomUrlSafe();
  sessionStorage.setItem(STATE_KEY, state);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email',
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query.toString()}`);
}

/** Handles the return to /auth/callback (`search` is its query string): checks state, swaps the code for tokens. */
export async function completeHostedSignIn(auth: CognitoAuth, search: string): Promise<void> {
  const params = new URLSearchParams(search);
  const expectedState = sessionStorage.getItem(STATE_KEY);
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  // single use: a replayed or second callback finds nothing to match
  sessionStorage.removeItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);

  const error = params.get('error');
  if (error) throw new Error(`Sign-in failed: ${params.get('error_description') ?? error}`);
  if (!expectedState || !verifier || params.get('state') !== expectedState) {
    throw new Error('Sign-in refused: this reply does not belong to a sign-in started in this tab (state mismatch). Please sign in again.');
  }
  const code = params.get('code');
  if (!code) throw new Error('Sign-in failed: the sign-in page returned no code.');

  const res = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code, code_verifier: verifier, redirect_uri: auth.redirectUri }).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`Sign-in failed at the token exchange: ${body.error_description ?? body.error ?? `status ${res.status}`}`);
  // the API accepts access tokens only (packages/http/src/principal.ts): the ID token is not kept
  storeToken(body.access_token, body.refresh_token);
}

/** Where sign-out sends the tab: Cognito ends its own session, then returns to the app. */
export function hostedSignOutUrl(auth: CognitoAuth): string {
  return `${auth.domain}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.logoutUri }).toString()}`;
}

/**
 * Sign-out: revokes the refresh token (the web client enables revocation), so a copy of it buys no new tokens, then
 * clears the tab and ends Cognito's own session, or the next sign-in would skip the password. A revocation that fails
 * or takes over 3 s does not hold sign-out up.
 */
export async function hostedSignOut(auth: CognitoAuth): Promise<void> {
  const refreshToken = storedRefreshToken();
  if (refreshToken) {
    await fetch(`${auth.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: auth.clientId }).toString(),
      signal: AbortSignal.timeout(3000),
    }).catch(() => undefined);
  }
  signOut();
  location.assign(hostedSignOutUrl(auth));
}
