import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '@theta/assessment/errors';

export const ROLES = ['tasker', 'onboarding', 'ops', 'author', 'quality'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: always taken from the verified token, never from the path or body. */
export interface Principal {
  sub: string;
  roles: readonly Role[];
}

/**
 * The token kind the API accepts: Cognito **access** tokens (`token_use: "access"`, the app
 * client in `client_id`, no `aud`). ID tokens (`token_use: "id"`) are refused. See docs/security.md
 * "Token claims".
 */
export const ACCEPTED_TOKEN_USE = 'access';
/** Cognito's longest ID/access token validity is one day; anything longer was not issued by it. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/**
 * What a Cognito group name may be (CreateGroup's GroupName pattern: letters, marks, symbols,
 * digits, punctuation; 1–128 characters). No whitespace, so " ops" or "ops " is never a group.
 */
export const COGNITO_GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

type JwtClaims = Record<string, string | number | boolean | string[]>;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function malformed(detail: string): UnauthenticatedError {
  return new UnauthenticatedError('unauthenticated', `the token is not one Cognito issues: ${detail}`);
}

function checkGroupNames(names: readonly unknown[]): string[] {
  for (const name of names) {
    if (typeof name !== 'string' || !COGNITO_GROUP_NAME.test(name)) throw malformed('a cognito:groups entry is not a group name');
  }
  return names as string[];
}

/**
 * The group names of a `cognito:groups` claim, exactly as written (no trimming, no case folding).
 * Cognito puts a JSON array of strings in the token, and API Gateway HTTP API hands it to the
 * Lambda flattened to "[ops tasker]" (Go's rendering, one space between names), so both forms
 * are accepted. Anything else is refused with 401: a bare or comma-separated string (that was a
 * string claim in the token, which Cognito never issues), an unbracketed value, or an empty name
 * (a doubled, leading or trailing space inside the brackets: a group name with whitespace, which
 * Cognito does not allow). Absent → no groups (Cognito omits the claim for a user in no group).
 */
export function parseGroupsClaim(claim: unknown): string[] {
  if (claim === undefined) return [];
  if (Array.isArray(claim)) return checkGroupNames(claim);
  if (typeof claim !== 'string') throw malformed('cognito:groups is not a list');
  if (!claim.startsWith('[') || !claim.endsWith(']')) throw malformed('cognito:groups is a string, not a list');
  const inner = claim.slice(1, -1);
  return inner === '' ? [] : checkGroupNames(inner.split(' '));
}

/** A numeric date claim as API Gateway passes it ("1767225600") or as a number. */
function numericDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,12}$/.test(value)) return Number(value);
  return undefined;
}

function claimsOf(event: APIGatewayProxyEventV2): JwtClaims | undefined {
  const ctx = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: JwtClaims } };
  };
  return ctx.authorizer?.jwt?.claims;
}

/**
 * The principal of a request API Gateway's JWT authorizer has verified (signature, iss,
 * client_id, exp). On top of that, the claims Cognito always issues are required here, so the
 * rules hold in AWS and not only behind the local verifier: `token_use` "access", `iat` and
 * `exp` no more than a day apart, and a well-formed `cognito:groups`. Any violation → 401.
 * Well-formed groups that are not Theta roles are ignored (→ 403 on role-guarded routes).
 */
export function principalFromEvent(event: APIGatewayProxyEventV2): Principal {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) {
    throw new UnauthenticatedError('unauthenticated', 'a verified token with a subject is required');
  }
  if (claims?.token_use !== ACCEPTED_TOKEN_USE) throw malformed(`token_use must be "${ACCEPTED_TOKEN_USE}" (send the access token, not the ID token)`);
  const iat = numericDate(claims.iat);
  const exp = numericDate(claims.exp);
  if (iat === undefined || exp === undefined) throw malformed('iat and exp are required');
  if (exp <= iat || exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw malformed('its lifetime (exp - iat) must be more than 0 s and at most 24 h');
  const roles = parseGroupsClaim(claims['cognito:groups']).filter(isRole);
  return { sub, roles };
}

export function hasRole(principal: Principal, ...allowed: readonly Role[]): boolean {
  return principal.roles.some((r) => allowed.includes(r));
}

/** Throws 403 unless the principal holds at least one of the allowed roles. */
export function requireRole(principal: Principal, ...allowed: readonly Role[]): void {
  if (!hasRole(principal, ...allowed)) {
    throw new ForbiddenError('forbidden_role', `this route requires one of the roles: ${allowed.join(', ')}`);
  }
}
