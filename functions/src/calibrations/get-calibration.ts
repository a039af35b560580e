import { getCalibration as get } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getCalibration } from '../../contracts/calibrations';
import { calibrationDeps } from '../wiring';

const deps = calibrationDeps();

export const handler = createHandler(getCalibration, async ({ params }) => ok(await get(deps, params.id)));
