import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '@theta/assessment/errors';

export const ROLES = ['tasker', 'onboarding', 'ops', 'author'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: always taken from the verified token, never from the path or body. */
export interface Principal {
  sub: string;
  roles: readonly Role[];
}

type JwtClaims = Record<string, string | number | boolean | string[]>;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * API Gateway HTTP API flattens array claims to a string like "[ops tasker]";
 * a token minted elsewhere may carry a real array or a comma-separated string.
 */
export function parseGroupsClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter((s) => s.length > 0);
}

function claimsOf(event: APIGatewayProxyEventV2): JwtClaims | undefined {
  const ctx = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: JwtClaims } };
  };
  return ctx.authorizer?.jwt?.claims;
}

export function principalFromEvent(event: APIGatewayProxyEventV2): Principal {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) {
    throw new UnauthenticatedError('unauthenticated', 'a verified token with a subject is required');
  }
  const roles = parseGroupsClaim(claims?.['cognito:groups']).filter(isRole);
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
