import { applyBulkReroute as apply } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { applyBulkReroute } from '../../contracts/bulk-reroutes';
import { bulkRerouteDeps } from '../wiring';

const deps = bulkRerouteDeps();

export const handler = createHandler(applyBulkReroute, async ({ principal, params }) => ok({ job: await apply(params.id, { sub: principal.sub }, deps) }));
