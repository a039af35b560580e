// How this deployment signs people in, from /config.json: the local stack answers { auth: { mode: 'dev' } }; in AWS
// the stack writes the hosted-UI settings there (infra/lib/constructs/web-hosting.ts).

export interface CognitoAuth {
  mode: 'cognito';
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  domain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
}

export type AuthConfig = { mode: 'dev' } | CognitoAuth;

const COGNITO_FIELDS = ['domain', 'clientId', 'redirectUri', 'logoutUri'] as const;

/** Reads and checks the config; a broken file names the field instead of failing later at sign-in. */
export function parseAuthConfig(body: unknown): AuthConfig {
  const auth = (body as { auth?: Record<string, unknown> } | undefined)?.auth;
  if (auth?.mode === 'dev') return { mode: 'dev' };
  if (auth?.mode !== 'cognito') throw new Error('config.json: auth.mode must be "dev" or "cognito"');
  for (const field of COGNITO_FIELDS) {
    if (typeof auth[field] !== 'string' || auth[field] === '') throw new Error(`config.json: auth.${field} must be a non-empty string`);
  }
  return { mode: 'cognito', domain: String(auth.domain).replace(/\/+$/, ''), clientId: String(auth.clientId), redirectUri: String(auth.redirectUri), logoutUri: String(auth.logoutUri) };
}

export async function loadAuthConfig(): Promise<AuthConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json could not be loaded (${res.status})`);
  return parseAuthConfig(await res.json());
}
