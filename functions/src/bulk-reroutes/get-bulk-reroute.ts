import { getBulkReroute as read } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getBulkReroute } from '../../contracts/bulk-reroutes';
import { bulkRerouteDeps } from '../wiring';

const deps = bulkRerouteDeps();

export const handler = createHandler(getBulkReroute, async ({ params, query }) => ok(await read(params.id, deps, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) })));
