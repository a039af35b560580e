import { createHandler, ok } from '@theta/http';
import { listRemediationRules } from '../../contracts/remediation';
import { remediationRuleStore } from '../wiring';

const rules = remediationRuleStore();

export const handler = createHandler(listRemediationRules, async () => ok({ rules: await rules.listRemediationRules() }));
