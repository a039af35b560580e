import { createBulkReroute as create } from '@theta/assessment';
import { countMetric, created, createHandler, ok } from '@theta/http';
import { createBulkReroute } from '../../contracts/bulk-reroutes';
import { bulkRerouteDeps } from '../wiring';

const deps = bulkRerouteDeps();

// idempotent through the job itself: its id is derived from the caller and the Idempotency-Key
export const handler = createHandler(createBulkReroute, async ({ principal, headers, body }) => {
  const { job, created: isNew } = await create(body, { sub: principal.sub, requestKey: headers['idempotency-key'] }, deps);
  if (!isNew) return ok({ job });
  countMetric('BulkRerouteStarted');
  return created({ job }, `/v1/bulk-reroutes/${job.id}`);
});
