import { NotFoundError } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getTrackDefinition } from '../../contracts/tracks';
import { trackDefinitionStore } from './track-definition-store';

const store = trackDefinitionStore();

export const handler = createHandler(getTrackDefinition, async ({ params, query }) => {
  const track = await store.getTrackDefinition(params.id, query.version);
  if (!track) throw new NotFoundError('track_not_found', query.version === undefined ? `no track '${params.id}'` : `track '${params.id}' has no version ${query.version}`);
  return ok(track);
});
