import { putErrorTag as put } from '@theta/assessment';
import { createHandler, created, ok } from '@theta/http';
import { putErrorTag } from '../../contracts/error-tags';
import { taxonomyStore } from '../wiring';

const store = taxonomyStore();

export const handler = createHandler(putErrorTag, async ({ principal, params, body }) => {
  const { tag, created: isNew } = await put(store, { slug: params.slug, body, author: principal.sub, now: new Date() });
  return isNew ? created(tag, `/v1/error-tags/${tag.slug}`) : ok(tag);
});
