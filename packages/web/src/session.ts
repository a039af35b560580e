// Who is signed in: the token (from the dev sign-in under npm start, Cognito's hosted UI in AWS) and what it says.
// Kept in sessionStorage: it ends with the tab, and nothing else on the page can read another tab's token.
const TOKEN_KEY = 'theta.token';

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

/** The signed-in user, or undefined when there is no token or it has expired. The API checks the token; this only reads it. */
export function currentUser(): SignedIn | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const claims = decodePayload(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : 0;
  if (!claims || exp <= Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  const groups = claims['cognito:groups'];
  return { token, sub: String(claims.sub ?? ''), roles: (Array.isArray(groups) ? groups : []) as Role[], expiresAt: exp };
}

/** Keeps a token for this tab: the dev sign-in's, or the access token from the hosted UI (auth/hosted-ui.ts). */
export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
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
}
