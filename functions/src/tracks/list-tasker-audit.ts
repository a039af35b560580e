import { listTrackAudit } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { listTaskerAudit } from '../../contracts/tracks';
import { trackDeps } from '../wiring';

const deps = trackDeps();

// ops see any tasker's audit, a tasker only their own; anyone else gets 404.
export const handler = createHandler(listTaskerAudit, async ({ principal, params, query }) => {
  const page = await listTrackAudit(deps.tracks, params.id, { sub: principal.sub, staff: hasRole(principal, 'ops') }, query);
  return ok({ taskerId: params.id, ...page });
});
