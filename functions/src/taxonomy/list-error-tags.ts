import { createHandler, ok } from '@theta/http';
import { listErrorTags } from '../../contracts/error-tags';
import { taxonomyStore } from '../wiring';

const store = taxonomyStore();

export const handler = createHandler(listErrorTags, async () => {
  const tags = await store.listErrorTags();
  return ok({ errorTags: tags.sort((a, b) => (a.slug < b.slug ? -1 : 1)) });
});
