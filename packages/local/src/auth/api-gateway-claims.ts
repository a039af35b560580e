import type { JWTPayload } from 'jose';

export type ApiGatewayClaims = Record<string, string>;

/**
 * Renders verified claims the way API Gateway HTTP API puts them in
 * requestContext.authorizer.jwt.claims: every value becomes a string. Numbers and booleans
 * are stringified ("exp": "1700000000"), arrays become Go-style "[a b]" (so
 * cognito:groups ["ops","tasker"] arrives as "[ops tasker]"), null claims are dropped and
 * nested objects fall back to their JSON text.
 */
export function toApiGatewayClaims(payload: JWTPayload): ApiGatewayClaims {
  const claims: ApiGatewayClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims[name] = renderClaim(value);
  }
  return claims;
}

function renderClaim(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderArrayElement).join(' ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function renderArrayElement(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
