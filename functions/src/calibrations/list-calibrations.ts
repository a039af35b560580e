import { createHandler, ok } from '@theta/http';
import { listCalibrations } from '../../contracts/calibrations';
import { calibrationRunList } from '../wiring';

const runs = calibrationRunList();

export const handler = createHandler(listCalibrations, async ({ query }) => {
  const page = await runs.listRuns(query.limit, query.cursor);
  return ok({ calibrations: page.runs, ...(page.cursor ? { cursor: page.cursor } : {}) });
});
