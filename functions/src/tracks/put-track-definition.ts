import { putTrackDefinition as put, trackDefinitionIssues } from '@theta/assessment';
import { createHandler, created, ok, RequestValidationError } from '@theta/http';
import { putTrackDefinition } from '../../contracts/tracks';
import { trackDefinitionStore } from './track-definition-store';

const store = trackDefinitionStore();

// A re-sent definition is a no-op (the current version, 200): safe to retry without an Idempotency-Key.
export const handler = createHandler(putTrackDefinition, async ({ principal, params, body }) => {
  const issues = trackDefinitionIssues(params.id, body);
  if (issues.length > 0) throw new RequestValidationError(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  const { track, unchanged } = await put(store, { id: params.id, body, author: principal.sub, now: new Date() });
  return unchanged ? ok(track) : created(track, `/v1/tracks/${encodeURIComponent(track.id)}?version=${track.version}`);
});
