import { getPlacement as read } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { getPlacement } from '../../contracts/placements';
import { placementDeps } from '../wiring';

const deps = placementDeps();

// The owner, onboarding and ops may read a placement; anyone else gets 404.
export const handler = createHandler(getPlacement, async ({ principal, params }) =>
  ok(await read(deps, params.id, { sub: principal.sub, staff: hasRole(principal, 'onboarding', 'ops') })),
);
