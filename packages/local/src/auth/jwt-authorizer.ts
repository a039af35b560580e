import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
// The subpath only (not the @theta/http index, which parses the Lambda config on import).
import { ACCEPTED_TOKEN_USE, COGNITO_GROUP_NAME, MAX_TOKEN_LIFETIME_SECONDS } from '@theta/http/principal';
import { type ApiGatewayClaims, toApiGatewayClaims } from './api-gateway-claims';
import { DEV_ALGORITHM } from './dev-issuer';

export interface JwtAuthorizerConfig {
  jwks: JSONWebKeySet;
  issuer: string;
  /** accepted audiences: the token's `aud` (or, only when it has no `aud`, its `client_id`) must be one */
  audience: readonly string[];
}

/** Clock skew tolerated on exp, nbf and iat (the issuer's clock and ours may differ a little). */
export const CLOCK_SKEW_SECONDS = 60;

export type AuthorizerResult =
  | { authorized: true; claims: ApiGatewayClaims; scopes: null }
  | { authorized: false; reason: string };

export type JwtAuthorizer = (authorizationHeader: string | undefined) => Promise<AuthorizerResult>;

/**
 * Validates a bearer token the way API Gateway's JWT authorizer does: signature against
 * the JWKS (key picked by `kid`), RSA only, `iss`, `aud`/`client_id`, `exp`, `nbf` and `iat`.
 * Then, standing in for Cognito being the only issuer API Gateway trusts, it refuses what
 * Cognito never issues (docs/security.md "Token claims"): no `kid` in the header; `token_use`
 * other than "access" (ID tokens are refused); an `aud` claim or a missing `client_id`
 * (access tokens carry client_id only); no `exp` or `iat`, or `exp - iat` over 24 h; and a
 * `cognito:groups` that is not an array of group names (no whitespace, so " ops" is refused).
 * `scopes` stays null: API Gateway fills it only for routes with authorization scopes,
 * which Theta does not use (roles come from cognito:groups).
 */
export function createJwtAuthorizer(config: JwtAuthorizerConfig): JwtAuthorizer {
  const keySet = createLocalJWKSet(config.jwks);
  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    if (!token) return { authorized: false, reason: 'missing bearer token' };
    let payload: JWTPayload;
    try {
      const { kid } = decodeProtectedHeader(token);
      if (typeof kid !== 'string' || kid === '') return { authorized: false, reason: 'the token header has no kid' };
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: config.issuer,
        algorithms: [DEV_ALGORITHM],
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      return { authorized: false, reason: describeFailure(error) };
    }
    if (!audienceMatches(payload, config.audience)) return { authorized: false, reason: 'the token does not have a valid audience' };
    if (typeof payload.iat !== 'number' || payload.iat > Math.floor(Date.now() / 1000) + CLOCK_SKEW_SECONDS) {
      return { authorized: false, reason: 'the token was issued in the future' };
    }
    const refusal = cognitoShapeRefusal(payload);
    if (refusal) return { authorized: false, reason: refusal };
    return { authorized: true, claims: toApiGatewayClaims(payload), scopes: null };
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * API Gateway: "the JWT's aud or client_id claim must match one of the audience entries […] API Gateway
 * validates client_id only if aud is not present. When both aud and client_id are present, API Gateway
 * evaluates aud." (Cognito access tokens carry client_id and no aud; ID tokens carry aud.)
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 */
function audienceMatches(payload: JWTPayload, accepted: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return audiences.some((candidate) => accepted.includes(candidate));
  }
  return typeof payload.client_id === 'string' && accepted.includes(payload.client_id);
}

/** Why a signature-valid token is still not one Cognito issues as an access token, if it is not. */
function cognitoShapeRefusal(payload: JWTPayload): string | undefined {
  if (payload.token_use !== ACCEPTED_TOKEN_USE) return `token_use must be "${ACCEPTED_TOKEN_USE}" (send the access token, not the ID token)`;
  if (payload.aud !== undefined) return 'an access token carries no aud';
  if (typeof payload.client_id !== 'string') return 'an access token carries client_id';
  const lifetime = (payload.exp as number) - (payload.iat as number);
  if (!(lifetime > 0 && lifetime <= MAX_TOKEN_LIFETIME_SECONDS)) return `the token lifetime (exp - iat) must be more than 0 s and at most ${MAX_TOKEN_LIFETIME_SECONDS} s`;
  const groups = payload['cognito:groups'];
  if (groups !== undefined) {
    if (!Array.isArray(groups)) return 'cognito:groups must be an array of group names';
    if (!groups.every((g) => typeof g === 'string' && COGNITO_GROUP_NAME.test(g))) return 'a cognito:groups entry is not a Cognito group name';
  }
  return undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token claim "${error.claim}" is invalid (${error.reason})`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key in the JWKS matches the token kid';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  return 'invalid token';
}
