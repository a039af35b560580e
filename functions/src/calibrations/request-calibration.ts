import { requestCalibration as request, type CalibrationRequest, type CalibrationView } from '@theta/assessment';
import { countMetric, createHandler } from '@theta/http';
import { idempotentCommand } from '@theta/http/idempotency';
import { idempotencyPersistence } from '@theta/store/idempotency';
import { requestCalibration } from '../../contracts/calibrations';
import { calibrationDeps } from '../wiring';

const deps = calibrationDeps();

const queue = async ({ body, by }: { body: CalibrationRequest; by: string }): Promise<CalibrationView> => {
  const out = await request(deps, body, by);
  countMetric('CalibrationRequested');
  return out;
};

// An author retrying after a timeout gets the first run back with the same Idempotency-Key.
const queueOnce = idempotentCommand<{ body: CalibrationRequest; by: string }, CalibrationView>(idempotencyPersistence(), ({ payload }) => queue(payload));

export const handler = createHandler(requestCalibration, async ({ principal, headers, body, context }) => {
  const payload = { body, by: principal.sub };
  const key = headers['idempotency-key'];
  const out = key ? await queueOnce({ key: { route: 'request-calibration', sub: principal.sub, idempotencyKey: key }, payload }, context) : await queue(payload);
  return { statusCode: 202, body: out, headers: { location: `/v1/calibrations/${out.id}` } };
});
