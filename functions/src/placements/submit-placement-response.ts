import { submitResponse } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { submitPlacementResponse } from '../../contracts/placements';
import { placementDeps, rateLimiter } from '../wiring';
import { placementCompletion } from '../remediation/remediation-deps';

// a completed placement: a course's exit re-assessment settled, then the remediation rules on the new proficiency
const deps = { ...placementDeps(), afterCompletion: placementCompletion() };

// Idempotent without a separate record: the Idempotency-Key is written with the answer in the session's own
// transaction (docs/data-model.md, "Concurrency and idempotency"), so a retry finds it on the session it reads anyway.
export const handler = createHandler(submitPlacementResponse, async ({ principal, params, headers, body }) => {
  const { reply, recorded } = await submitResponse(deps, { placementId: params.id, taskerId: principal.sub, requestKey: headers['idempotency-key'], ...body });
  // a replayed retry is not a second answer
  if (recorded) {
    countMetric('ResponseRecorded');
    // a withheld placement (mostly rapid guesses) is counted under its own dimension: it routed nobody
    if (reply.status === 'completed') countMetric('PlacementCompleted', { track: reply.result.track?.split(':')[0] ?? 'withheld' });
  }
  return ok(reply);
}, { limiter: rateLimiter() });
