// The one loop every automatic rule kind runs its matching rules through (proficiency-rules.ts, error-tag-rules.ts):
// in rule-id order, each rule resumes the move this evidence already made, or is judged on the tasker's track as
// the rules before it left it, and acts when it fires. A rule that cannot act is reported, never fails the caller.
import { UnprocessableError } from '../errors';
import { applyRule, resumeRule, type RuleAction, type RuleActionDeps } from './apply-rule';
import type { RemediationRule, RuleVerdict } from './remediation-rule';

export interface RuleRun {
  /** the enabled rules of one kind that match the evidence */
  rules: readonly RemediationRule[];
  taskerId: string;
  /** keys the moves: the same evidence never moves a tasker twice, and a retry finishes an enrolment left undone */
  evidenceId: string;
  /** the tasker's track before the first rule */
  track: string | undefined;
  verdict: (rule: RemediationRule, track: string | undefined) => RuleVerdict;
}

export async function runRules(deps: RuleActionDeps, run: RuleRun): Promise<RuleAction[]> {
  const { taskerId, evidenceId } = run;
  let track = run.track;
  const actions: RuleAction[] = [];
  for (const rule of [...run.rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    // on the rule's track already: perhaps this same evidence moved them (a retry): finish its enrolment
    const resumed = track === rule.moveTo ? await resumeRule(deps, { rule, taskerId, evidenceId }) : undefined;
    if (resumed) {
      actions.push(resumed);
      continue;
    }
    const verdict = run.verdict(rule, track);
    if (!verdict.fires) {
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: verdict.why });
      continue;
    }
    try {
      const action = await applyRule(deps, { rule, taskerId, why: verdict.why, evidenceId });
      actions.push(action);
      track = action.move?.to ?? track;
    } catch (error) {
      // its track or course no longer defined: reported, and the rest of the rules still run
      if (!(error instanceof UnprocessableError)) throw error;
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: `${verdict.why}, but not applied: ${error.message}` });
    }
  }
  return actions;
}
