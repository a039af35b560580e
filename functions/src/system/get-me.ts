import { createHandler, ok, ROLES } from '@theta/http';

// Any authenticated role: echoes who the token says the caller is.
export const handler = createHandler({ access: ROLES }, async ({ principal }) =>
  ok({ sub: principal.sub, roles: principal.roles }),
);
