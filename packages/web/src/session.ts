// Who is signed in: the token (from the dev sign-in under npm start, Cognito's hosted UI in AWS) and what it says.
// Kept in sessionStorage: it ends with the tab, and nothing else on the page can read another tab's token. The hosted
// UI's refresh token (auth/token-refresh.ts) sits beside it, in the same tab's storage, never in localStorage.
const TOKEN_KEY = 'theta.token';
const REFRESH_TOKEN_KEY = 'theta.refresh-token';

/** Why the last session ended, for the sign-in page (set when a refresh fails; gone with a new sign-in). */
let endedNotice: string | undefined;

export type Role = 'tasker' | 'onboarding' | 'ops' | 'author' | 'quality';

export interface SignedIn {
  token: string;
  sub: string;
  roles: Role[];
  expiresAt: number;
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in user, or undefined when there is no token or it has expired with no refresh token to renew it (an
 * expired token with one still names the user: the next API call renews it). The API checks the token; this only reads it.
 */
export function currentUser(): SignedIn | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const claims = decodePayload(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : 0;
  if (!claims || (exp <= Date.now() && !storedRefreshToken())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  const groups = claims['cognito:groups'];
  return { token, sub: String(claims.sub ?? ''), roles: (Array.isArray(groups) ? groups : []) as Role[], expiresAt: exp };
}

/**
 * Keeps a token for this tab: the dev sign-in's, or the access token from the hosted UI (auth/hosted-ui.ts) with its
 * refresh token. A refresh passes none (Cognito returns no new one), so the one held stays.
 */
export function storeToken(token: string, refreshToken?: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (refreshToken) sessionStorage.setItem(REFRESH_TOKEN_KEY, refreshToken);
  endedNotice = undefined;
}

export function storedRefreshToken(): string | undefined {
  return sessionStorage.getItem(REFRESH_TOKEN_KEY) ?? undefined;
}

/** Forgets the session because it cannot go on (its refresh failed): the sign-in page says why. */
export function endSession(notice: string): void {
  signOut();
  endedNotice = notice;
}

export function sessionEndedNotice(): string | undefined {
  return endedNotice;
}

/** Local stand-in for Cognito's hosted UI: the local stack mints a dev token for the chosen role. */
export async function signIn(role: Role, sub: string): Promise<SignedIn> {
  const res = await fetch('/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, sub }) });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (!res.ok || !body.token) throw new Error(body.error?.message ?? `sign-in failed (${res.status})`);
  storeToken(body.token);
  return currentUser()!;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(REFRESH_TOKEN_KEY);
}
