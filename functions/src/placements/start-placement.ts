import { startPlacement as start } from '@theta/assessment';
import { countMetric, createHandler, created } from '@theta/http';
import { startPlacement } from '../../contracts/placements';
import { placementDeps } from '../wiring';

const deps = placementDeps();

// Onboarding starts a placement for the tasker named in the body (onboarding acts for the tasker).
export const handler = createHandler(startPlacement, async ({ body }) => {
  const out = await start(deps, body);
  countMetric('PlacementStarted');
  return created(out, `/v1/placements/${out.placementId}`);
});
