import { createHandler, ok } from '@theta/http';
import { getHealth } from '../../contracts/system';

// Public liveness probe: proves the function is deployed and its config parsed.
export const handler = createHandler(getHealth, async () => ok({ status: 'ok' as const, service: 'theta' }));
