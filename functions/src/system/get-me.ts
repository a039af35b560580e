import { createHandler, ok } from '@theta/http';
import { getMe } from '../../contracts/system';

// Any authenticated role: echoes who the token says the caller is.
export const handler = createHandler(getMe, async ({ principal }) => ok({ sub: principal.sub, roles: principal.roles }));
