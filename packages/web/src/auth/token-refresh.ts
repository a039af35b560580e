// Keeps a hosted-UI session alive: Cognito's access token lasts an hour, the refresh token the code exchange returned
// (12 h, infra/lib/constructs/auth.ts) buys new ones at /oauth2/token. api.ts asks here for the token of each call.
// Under the local stack's dev sign-in nothing is enabled and the token is used as it is.
import { navigate } from '../router';
import { currentUser, endSession, storedRefreshToken, storeToken } from '../session';
import type { CognitoAuth } from './config';
import { expiresWithin, REFRESH_MARGIN_MS, refreshGrantForm } from './refresh-rules';

export const SESSION_ENDED = 'Your session ended; sign in again.';

let cognito: CognitoAuth | undefined;
/** The one refresh in flight: concurrent calls wait for it instead of each spending the refresh token. */
let inFlight: Promise<string> | undefined;

/** Turns refreshing on for a deployment that signs in through the hosted UI (main.tsx, from /config.json). */
export function enableTokenRefresh(auth: CognitoAuth): void {
  cognito = auth;
}

/** The token to send now: the stored one, renewed first when it expires within REFRESH_MARGIN_MS. */
export async function tokenForCall(): Promise<string | undefined> {
  const user = currentUser();
  if (user && cognito && storedRefreshToken() && expiresWithin(user.expiresAt, REFRESH_MARGIN_MS)) return refreshAccessToken(cognito);
  return user?.token;
}

/** After the API refused `rejected` with 401: a token to retry with once, or undefined when there is nothing to renew. */
export async function tokenAfterRejection(rejected: string | undefined): Promise<string | undefined> {
  if (!cognito || !storedRefreshToken()) return undefined;
  const current = currentUser()?.token;
  // another call has already renewed it: retry with that rather than spend the refresh token again
  if (!inFlight && current && current !== rejected) return current;
  return refreshAccessToken(cognito);
}

function refreshAccessToken(auth: CognitoAuth): Promise<string> {
  inFlight ??= exchangeRefreshToken(auth).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/** A refused or unreachable refresh ends the session: the user signs in again (no retry, so no loop). */
async function exchangeRefreshToken(auth: CognitoAuth): Promise<string> {
  try {
    const res = await fetch(`${auth.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: refreshGrantForm(auth.clientId, storedRefreshToken() ?? '').toString(),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string };
    if (!res.ok || !body.access_token) throw new Error(`refresh refused (${res.status})`);
    // Cognito sends no new refresh token unless rotation is on; then the new one replaces the old
    storeToken(body.access_token, body.refresh_token);
    return body.access_token;
  } catch {
    endSession(SESSION_ENDED);
    navigate('/sign-in');
    throw new Error(SESSION_ENDED);
  }
}
