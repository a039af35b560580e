// Remediation rules on proficiency (`theta-below`): evaluated after every proficiency update (a placement completes,
// a quiz completes), the way quality rules run after a signal. The rule list is read once per update, and only the
// rules on a skill the update measured are evaluated.
import { UnprocessableError } from '../errors';
import type { RemediationRuleStore } from './remediation-rule-put';
import { thetaRuleFires, type ProficiencyEstimate } from './remediation-rule';
import { applyRule, resumeRule, type RuleAction, type RuleActionDeps } from './apply-rule';

export interface ProficiencyRuleDeps extends RuleActionDeps {
  rules: Pick<RemediationRuleStore, 'listRemediationRules'>;
}

/**
 * Runs the enabled theta-below rules on the skills `estimates` measured, in rule-id order; `evidenceId` (the quiz or
 * placement) keys the moves, so the same evidence never moves a tasker twice.
 */
export async function runProficiencyRules(deps: ProficiencyRuleDeps, input: { taskerId: string; evidenceId: string; estimates: readonly ProficiencyEstimate[] }): Promise<RuleAction[]> {
  const bySkill = new Map(input.estimates.map((e) => [e.skill, e]));
  const rules = (await deps.rules.listRemediationRules())
    .filter((r) => r.enabled && r.when.kind === 'theta-below' && bySkill.has(r.when.skill))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (rules.length === 0) return [];
  let track = (await deps.tracks.getTrackProfile(input.taskerId))?.track?.track;
  const actions: RuleAction[] = [];
  for (const rule of rules) {
    const verdict = thetaRuleFires(rule, bySkill.get(rule.when.skill), track);
    // on the rule's track already: perhaps this same evidence moved them (a retry): finish its enrolment
    const resumed = track === rule.moveTo ? await resumeRule(deps, { rule, taskerId: input.taskerId, evidenceId: input.evidenceId }) : undefined;
    if (resumed) {
      actions.push(resumed);
      continue;
    }
    if (!verdict.fires) {
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: verdict.why });
      continue;
    }
    try {
      const action = await applyRule(deps, { rule, taskerId: input.taskerId, why: verdict.why, evidenceId: input.evidenceId });
      actions.push(action);
      track = action.move?.to ?? track;
    } catch (error) {
      // a rule that cannot act (its track or course no longer defined) must not fail the answer that completed a
      // placement or quiz: it is reported, and the rest of the rules still run
      if (!(error instanceof UnprocessableError)) throw error;
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: `${verdict.why}, but not applied: ${error.message}` });
    }
  }
  return actions;
}
