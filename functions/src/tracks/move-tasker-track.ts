import { moveTaskerTrack as move } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { moveTaskerTrack } from '../../contracts/tracks';
import { trackDeps } from '../wiring';

const deps = trackDeps();

// Idempotent through the move itself: the key row is written with the move in one transaction (docs/tracks.md).
export const handler = createHandler(moveTaskerTrack, async ({ principal, params, headers, body }) => {
  const { move: out, recorded } = await move(
    { taskerId: params.id, to: body.track, reason: body.reason, actor: { kind: 'person', sub: principal.sub }, requestKey: headers['idempotency-key'] },
    deps,
  );
  if (recorded) countMetric('TaskerTrackMoved');
  const { requestKey: _key, ...view } = out;
  return ok({ move: view });
});
