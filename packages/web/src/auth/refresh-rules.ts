// When the web app renews a hosted-UI token and what it sends for it: pure, so a unit test pins both
// (test/browser/refresh-rules.test.ts); auth/token-refresh.ts runs the flow.

/** A token this close to its expiry is renewed before a call rather than sent to be refused. */
export const REFRESH_MARGIN_MS = 60_000;

export function expiresWithin(expiresAt: number, marginMs: number, now = Date.now()): boolean {
  return expiresAt - now <= marginMs;
}

/** The token endpoint's refresh grant for a public client (no secret): form fields, as Cognito wants them. */
export function refreshGrantForm(clientId: string, refreshToken: string): URLSearchParams {
  return new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
}
