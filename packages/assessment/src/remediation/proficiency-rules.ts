// Remediation rules on proficiency (`theta-below`): evaluated after every proficiency update (a placement completes,
// a quiz completes), the way quality rules run after a signal. The rule list is read once per update, and only the
// rules on a skill the update measured are evaluated.
import type { RuleAction, RuleActionDeps } from './apply-rule';
import type { RemediationRuleStore } from './remediation-rule-put';
import { thetaRuleFires, type ProficiencyEstimate } from './remediation-rule';
import { runRules } from './run-rules';

export interface ProficiencyRuleDeps extends RuleActionDeps {
  rules: Pick<RemediationRuleStore, 'listRemediationRules'>;
}

/**
 * Runs the enabled theta-below rules on the skills `estimates` measured, in rule-id order; `evidenceId` (the quiz or
 * placement) keys the moves, so the same evidence never moves a tasker twice.
 */
export async function runProficiencyRules(deps: ProficiencyRuleDeps, input: { taskerId: string; evidenceId: string; estimates: readonly ProficiencyEstimate[] }): Promise<RuleAction[]> {
  const bySkill = new Map(input.estimates.map((e) => [e.skill, e]));
  const rules = (await deps.rules.listRemediationRules()).filter((r) => r.enabled && r.when.kind === 'theta-below' && bySkill.has(r.when.skill));
  if (rules.length === 0) return [];
  const track = (await deps.tracks.getTrackProfile(input.taskerId))?.track?.track;
  return runRules(deps, { rules, taskerId: input.taskerId, evidenceId: input.evidenceId, track, verdict: (rule, now) => thetaRuleFires(rule, bySkill.get(rule.when.skill), now) });
}
