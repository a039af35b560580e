import { submitResponse } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { submitPlacementResponse } from '../../contracts/placements';
import { placementDeps } from '../wiring';

const deps = placementDeps();

// Idempotent without a separate record: the Idempotency-Key is written with the answer in the session's own
// transaction (docs/data-model.md, "Concurrency and idempotency"), so a retry finds it on the session it reads anyway.
export const handler = createHandler(submitPlacementResponse, async ({ principal, params, headers, body }) => {
  const { reply, recorded } = await submitResponse(deps, { placementId: params.id, taskerId: principal.sub, requestKey: headers['idempotency-key'], ...body });
  // a replayed retry is not a second answer
  if (recorded) {
    countMetric('ResponseRecorded');
    if (reply.status === 'completed') countMetric('PlacementCompleted', { track: reply.result.track.split(':')[0] as string });
  }
  return ok(reply);
});
