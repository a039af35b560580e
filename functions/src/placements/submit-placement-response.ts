import { submitResponse, type PlacementDeps, type SubmitResponseOutput } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { idempotentCommand } from '@theta/http/idempotency';
import { idempotencyPersistence } from '@theta/store/idempotency';
import { submitPlacementResponse } from '../../contracts/placements';
import { placementDeps } from '../wiring';
import { withSessionReadAhead } from './read-ahead';

const deps = placementDeps();

type Payload = { itemId: string; answer: string; elapsedMs?: number };

// A retry with the same Idempotency-Key returns the stored outcome without touching the session again.
const submitOnce = idempotentCommand<Payload, SubmitResponseOutput, PlacementDeps>(idempotencyPersistence(), async ({ key, payload }, requestDeps) => {
  const out = await submitResponse(requestDeps, { placementId: key.placementId as string, taskerId: key.sub as string, ...payload });
  // counted inside the idempotent command: a replayed retry is not a second answer
  countMetric('ResponseRecorded');
  if (out.status === 'completed') countMetric('PlacementCompleted', { track: out.result.track.split(':')[0] as string });
  return out;
});

export const handler = createHandler(submitPlacementResponse, async ({ principal, params, headers, body, context }) =>
  ok(
    await submitOnce(
      { key: { route: 'placement-response', placementId: params.id, sub: principal.sub, idempotencyKey: headers['idempotency-key'] }, payload: body },
      context,
      withSessionReadAhead(deps, params.id),
    ),
  ),
);
