import { approveCalibration as approve } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { approveCalibration } from '../../contracts/calibrations';
import { calibrationDeps } from '../wiring';

const deps = calibrationDeps();

// The approver is the token's subject: recorded in the run and the bank version's audit record.
export const handler = createHandler(approveCalibration, async ({ principal, params }) => {
  const out = await approve(deps, params.id, principal.sub);
  countMetric('CalibrationApproved');
  return ok(out);
});
