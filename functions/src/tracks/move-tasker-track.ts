import { moveTaskerTrack as move, UnprocessableError, UNKNOWN_TRACK } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { moveTaskerTrack } from '../../contracts/tracks';
import { trackDeps } from '../wiring';
import { trackDefinitionStore } from './track-definition-store';

const deps = { ...trackDeps(), definitions: trackDefinitionStore() };

// Idempotent through the move itself: the key row is written with the move in one transaction (docs/tracks.md).
export const handler = createHandler(moveTaskerTrack, async ({ principal, params, headers, body }) => {
  const { move: out, recorded } = await move(
    { taskerId: params.id, to: body.track, reason: body.reason, actor: { kind: 'person', sub: principal.sub }, requestKey: headers['idempotency-key'] },
    deps,
  ).catch((error: unknown) => {
    // the domain names its own field (`to`); the caller sent it as body.track
    if (error instanceof UnprocessableError && error.code === UNKNOWN_TRACK) throw new UnprocessableError(UNKNOWN_TRACK, error.message, { problems: [{ path: 'body.track', message: error.message }] });
    throw error;
  });
  if (recorded) countMetric('TaskerTrackMoved');
  const { requestKey: _key, ...view } = out;
  return ok({ move: view });
});
