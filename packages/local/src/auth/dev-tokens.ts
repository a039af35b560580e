import { randomUUID } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { issuerKeyDir } from '../paths';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER, type DevRole } from './dev-issuer';
import { type IssuerKeys, loadOrCreateIssuerKeys } from './issuer-keys';

export interface DevTokenInput {
  sub: string;
  roles: readonly DevRole[];
  /** lifetime; default one hour (Cognito's default for access tokens) */
  ttlSeconds?: number;
  /** extra or overriding claims, e.g. a wrong `client_id` or `token_use` in a test (`undefined` removes one) */
  claims?: JWTPayload;
  /** signing time override (seconds since epoch), e.g. to mint an already-expired token */
  issuedAt?: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export type DevTokenSigner = (input: DevTokenInput) => Promise<string>;

/**
 * Mints tokens shaped like Cognito **access** tokens, the only kind the API accepts (docs/security.md
 * "Token claims"): `client_id` (no `aud`), `token_use: "access"`, roles as Cognito groups in
 * `cognito:groups`; signed by the local issuer so the local JWT authorizer accepts them.
 */
export function createDevTokenSigner(keys: IssuerKeys): DevTokenSigner {
  return async ({ sub, roles, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS, claims = {}, issuedAt }) => {
    const iat = issuedAt ?? Math.floor(Date.now() / 1000);
    // `claims` goes last so a test can override anything, iss and client_id included.
    const payload: JWTPayload = {
      iss: DEV_ISSUER,
      client_id: DEV_AUDIENCE,
      sub,
      iat,
      exp: iat + ttlSeconds,
      auth_time: iat,
      'cognito:groups': [...roles],
      username: sub,
      scope: 'aws.cognito.signin.user.admin',
      token_use: 'access',
      jti: randomUUID(),
      ...claims,
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: DEV_ALGORITHM, kid: keys.kid, typ: 'JWT' })
      .sign(keys.privateKey);
  };
}

/** Signs with the persisted key under .data/keys (the one `npm start` trusts). */
export async function signDevToken(input: DevTokenInput): Promise<string> {
  return createDevTokenSigner(await loadOrCreateIssuerKeys(issuerKeyDir()))(input);
}
