import { buildOpenApiDocument, createHandler, ok } from '@theta/http';
import { getOpenApi } from '../../contracts/system';
import { ROUTES } from '../../routes';

// Built once per container from the same zod schemas that validate requests.
const document = buildOpenApiDocument(
  ROUTES.map((r) => ({ method: r.method, path: r.path, ...r.contract })),
  { title: 'Theta API', version: '1.0.0' },
);

export const handler = createHandler(getOpenApi, async () => ok(document));
