import { publishBlueprint as publish } from '@theta/assessment';
import { createHandler, created, RequestValidationError } from '@theta/http';
import { publishBlueprint } from '../../contracts/catalog';
import { catalogStore } from '../wiring';

const catalog = catalogStore();

export const handler = createHandler(publishBlueprint, async ({ principal, body }) => {
  const result = await publish(catalog, body, principal.sub);
  if (!result.ok) throw new RequestValidationError(result.errors.map((e) => ({ path: e.path ? `body.${e.path}` : 'body', message: e.message })));
  const { id, version } = result.blueprint;
  return created({ id, version, snapshotVersion: result.snapshotVersion, items: result.items }, `/v1/blueprints/${id}/versions/${version}`);
});
