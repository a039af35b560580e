import { createHandler, ok } from '@theta/http';

// Public liveness probe: proves the function is deployed and its config parsed.
export const handler = createHandler({ access: 'public' }, async () => ok({ status: 'ok', service: 'theta' }));
