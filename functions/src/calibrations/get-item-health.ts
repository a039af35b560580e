import { getItemHealth as get } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getItemHealth } from '../../contracts/calibrations';
import { calibrationDeps } from '../wiring';

const deps = calibrationDeps();

export const handler = createHandler(getItemHealth, async ({ params }) => ok(await get(deps, params.id)));
