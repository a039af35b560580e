import { listTaskerPlacements as list } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { listTaskerPlacements } from '../../contracts/placements';
import { placementDeps } from '../wiring';

const deps = placementDeps();

// The tasker themself (to resume), onboarding and ops; anyone else gets 404.
export const handler = createHandler(listTaskerPlacements, async ({ principal, params, query }) =>
  ok(await list(deps, params.id, { sub: principal.sub, staff: hasRole(principal, 'onboarding', 'ops') }, query.limit)),
);
