import { putRemediationRule as put } from '@theta/assessment';
import { created, createHandler, ok } from '@theta/http';
import { putRemediationRule } from '../../contracts/remediation';
import { courseStore } from '../courses/course-stores';
import { remediationRuleStore } from '../wiring';

const rules = remediationRuleStore();
const courses = courseStore();

export const handler = createHandler(putRemediationRule, async ({ principal, params, body }) => {
  const { rule, unchanged } = await put(rules, { id: params.id, body, author: principal.sub, now: new Date() }, courses);
  return unchanged ? ok({ rule }) : created({ rule }, `/v1/remediation-rules/${rule.id}`);
});
