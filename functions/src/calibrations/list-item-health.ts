import { listItemHealth as list } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { listItemHealth } from '../../contracts/calibrations';
import { calibrationDeps } from '../wiring';

const deps = calibrationDeps();

export const handler = createHandler(listItemHealth, async ({ query }) => ok(await list(deps, { limit: query.limit, ...(query.flag ? { flag: query.flag } : {}) })));
