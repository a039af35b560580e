import { recordQualitySignal } from '@theta/assessment';
import { countMetric, created, createHandler, ok } from '@theta/http';
import { postQualitySignal } from '../../contracts/remediation';
import { qualitySignalDeps } from '../wiring';

const deps = qualitySignalDeps();

export const handler = createHandler(postQualitySignal, async ({ principal, params, headers, body }) => {
  const out = await recordQualitySignal({ taskerId: params.id, body, source: principal.sub, requestKey: headers['idempotency-key'] }, deps);
  for (const rule of out.rules) if (rule.fired) countMetric('RemediationMove', { ruleId: rule.ruleId });
  return out.recorded ? created({ signal: out.signal, rules: out.rules }) : ok({ signal: out.signal, rules: out.rules });
});
