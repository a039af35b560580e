import { createHandler, ok } from '@theta/http';
import { listBlueprints } from '../../contracts/catalog';
import { catalogStore } from '../wiring';

// no use case: a page of stored summaries, nothing to decide
const blueprints = catalogStore();

export const handler = createHandler(listBlueprints, async ({ query }) => ok(await blueprints.listBlueprints(query.limit, query.cursor)));
