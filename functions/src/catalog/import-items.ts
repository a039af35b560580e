import { importItems as runImport } from '@theta/assessment';
import { createHandler, ok, RequestValidationError } from '@theta/http';
import { importItems } from '../../contracts/catalog';
import { catalogStore, taxonomyStore } from '../wiring';

const catalog = catalogStore();
const taxonomy = taxonomyStore();

// The domain validates the whole batch; any error rejects it with every problem listed and nothing written.
export const handler = createHandler(importItems, async ({ body }) => {
  const result = await runImport(catalog, body, taxonomy);
  if (!result.ok) {
    throw new RequestValidationError(
      result.errors.map((e) => ({ path: e.path ? `body.${e.path}` : 'body', message: e.itemId ? `${e.itemId}: ${e.message}` : e.message })),
    );
  }
  return ok({ written: result.written, unchanged: result.unchanged });
});
