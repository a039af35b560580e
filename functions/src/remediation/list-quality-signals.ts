import { listQualitySignals } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { listQualitySignals as contract } from '../../contracts/remediation';
import { qualitySignalReadDeps } from '../wiring';

const deps = qualitySignalReadDeps();

export const handler = createHandler(contract, async ({ params, query }) => {
  const page = await listQualitySignals(deps, params.id, query);
  return ok({ taskerId: params.id, ...page });
});
