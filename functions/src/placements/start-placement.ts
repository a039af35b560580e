import { startPlacement as start, type StartPlacementInput, type StartPlacementOutput } from '@theta/assessment';
import { countMetric, createHandler, created } from '@theta/http';
import { idempotentCommand } from '@theta/http/idempotency';
import { idempotencyPersistence } from '@theta/store/idempotency';
import { startPlacement } from '../../contracts/placements';
import { placementDeps, rateLimiter } from '../wiring';

const deps = placementDeps();

const startAndCount = async (input: StartPlacementInput): Promise<StartPlacementOutput> => {
  const out = await start(deps, input);
  countMetric('PlacementStarted');
  return out;
};

// Onboarding retries after a timeout: with an Idempotency-Key the retry gets the first placement back.
const startOnce = idempotentCommand<StartPlacementInput, StartPlacementOutput>(idempotencyPersistence(), ({ payload }) => startAndCount(payload));

// Onboarding starts a placement for the tasker named in the body (onboarding acts for the tasker).
export const handler = createHandler(startPlacement, async ({ principal, headers, body, context }) => {
  const key = headers['idempotency-key'];
  const out = key
    ? await startOnce({ key: { route: 'start-placement', sub: principal.sub, idempotencyKey: key }, payload: body }, context)
    : await startAndCount(body);
  return created(out, `/v1/placements/${out.placementId}`);
}, { limiter: rateLimiter() });
