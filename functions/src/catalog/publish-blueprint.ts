import { publishBlueprint as publish, UnprocessableError, UNKNOWN_TRACK } from '@theta/assessment';
import { createHandler, created, ok, RequestValidationError } from '@theta/http';
import { publishBlueprint } from '../../contracts/catalog';
import { trackDefinitionStore } from '../tracks/track-definition-store';
import { catalogStore } from '../wiring';

const catalog = catalogStore();
const tracks = trackDefinitionStore();

export const handler = createHandler(publishBlueprint, async ({ principal, body }) => {
  const result = await publish(catalog, body, principal.sub, tracks);
  if (!result.ok && result.undefinedTrack) {
    const problems = result.errors.map((e) => ({ path: `body.${e.path}`, message: e.message }));
    throw new UnprocessableError(UNKNOWN_TRACK, problems.map((p) => `${p.path}: ${p.message}`).join('; '), { problems });
  }
  if (!result.ok) throw new RequestValidationError(result.errors.map((e) => ({ path: e.path ? `body.${e.path}` : 'body', message: e.message })));
  const { id, version } = result.blueprint;
  const published = { id, version, snapshotVersion: result.snapshotVersion, items: result.items, scope: result.scope, notes: result.notes };
  // a retry (or a re-publish of identical content on an unchanged bank) creates no version
  return result.unchanged ? ok(published) : created(published, `/v1/blueprints/${id}/versions/${version}`);
});
