import { getCurrentItem } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getPlacementItem } from '../../contracts/placements';
import { placementDeps } from '../wiring';

const deps = placementDeps();

// Only the tasker who owns the placement (the token's subject) sees its item.
export const handler = createHandler(getPlacementItem, async ({ principal, params }) =>
  ok(await getCurrentItem(deps, params.id, principal.sub)),
);
