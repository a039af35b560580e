import type { Role } from '@theta/http';

// What API Gateway's JWT authorizer is configured with locally. In AWS the issuer is the
// Cognito user pool URL and the audience its app client id; here both are fixed strings so
// `npm run token` can mint tokens without knowing which port the server runs on.
export const DEV_ISSUER = 'https://theta.local/dev-issuer';
export const DEV_AUDIENCE = 'theta-local-client';
/** API Gateway's JWT authorizer verifies RSA signatures (Cognito signs with RS256). */
export const DEV_ALGORITHM = 'RS256';

// Type-only import above: importing @theta/http at runtime would parse its config before
// the local stack has set the environment. `satisfies` keeps this list in step with it.
export const DEV_ROLES = ['tasker', 'onboarding', 'ops', 'author', 'quality'] as const satisfies readonly Role[];
export type DevRole = (typeof DEV_ROLES)[number];
// Compile-time check the other way round: every Role of @theta/http has a dev role.
const _everyRoleCovered: [Exclude<Role, DevRole>] extends [never] ? true : false = true;

export function isDevRole(value: string): value is DevRole {
  return (DEV_ROLES as readonly string[]).includes(value);
}

/** The subject each printed demo token carries (the tasker one is seeded as a tasker). */
export const DEMO_SUBJECTS: Record<DevRole, string> = {
  tasker: 'demo-tasker-1',
  onboarding: 'demo-onboarding-1',
  ops: 'demo-ops-1',
  author: 'demo-author-1',
  quality: 'demo-quality-1',
};
