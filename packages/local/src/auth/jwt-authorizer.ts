import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { type ApiGatewayClaims, toApiGatewayClaims } from './api-gateway-claims';
import { DEV_ALGORITHM } from './dev-issuer';

export interface JwtAuthorizerConfig {
  jwks: JSONWebKeySet;
  issuer: string;
  /** accepted audiences: the token's `aud` (or, only when it has no `aud`, its `client_id`) must be one */
  audience: readonly string[];
}

export type AuthorizerResult =
  | { authorized: true; claims: ApiGatewayClaims; scopes: null }
  | { authorized: false; reason: string };

export type JwtAuthorizer = (authorizationHeader: string | undefined) => Promise<AuthorizerResult>;

/**
 * Validates a bearer token the way API Gateway's JWT authorizer does: signature against
 * the JWKS (key picked by `kid`), RSA only, `iss`, `aud`/`client_id`, `exp`, `nbf` and `iat`.
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
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: config.issuer,
        algorithms: [DEV_ALGORITHM],
        requiredClaims: ['exp'],
        clockTolerance: 0,
      }));
    } catch (error) {
      return { authorized: false, reason: describeFailure(error) };
    }
    if (!audienceMatches(payload, config.audience)) return { authorized: false, reason: 'the token does not have a valid audience' };
    if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) {
      return { authorized: false, reason: 'the token was issued in the future' };
    }
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

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token claim "${error.claim}" is invalid (${error.reason})`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key in the JWKS matches the token kid';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  return 'invalid token';
}
