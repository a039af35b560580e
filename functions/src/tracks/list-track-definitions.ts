import { createHandler, ok } from '@theta/http';
import { listTrackDefinitions } from '../../contracts/tracks';
import { trackDefinitionStore } from './track-definition-store';

const store = trackDefinitionStore();

export const handler = createHandler(listTrackDefinitions, async () => {
  const tracks = await store.listTrackDefinitions();
  return ok({ tracks: tracks.sort((a, b) => (a.id < b.id ? -1 : 1)) });
});
