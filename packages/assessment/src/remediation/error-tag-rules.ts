// Remediation rules on error tags (`error-tag-rate`): evaluated after a quiz answer whose chosen option carries an
// error tag, on the tasker's newest answers on the quiz's skill (docs/remediation.md). The rule list is read once per
// answer; only the enabled rules on that skill and tag are evaluated, and the answers are read only when one exists.
import type { RuleAction, RuleActionDeps } from './apply-rule';
import type { RecentResponseReader } from './error-tag-rate';
import type { RemediationRuleStore } from './remediation-rule-put';
import { errorTagRuleFires } from './remediation-rule';
import { runRules } from './run-rules';

export interface ErrorTagRuleDeps extends RuleActionDeps {
  rules: Pick<RemediationRuleStore, 'listRemediationRules'>;
  responses: RecentResponseReader;
}

/** A scored answer whose chosen option carries `tag`; `responseId` keys the moves it causes. */
export interface TaggedAnswer {
  taskerId: string;
  skill: string;
  tag: string;
  responseId: string;
}

/**
 * Runs the enabled error-tag-rate rules on the answer's skill and tag, in rule-id order. The answer (`responseId`)
 * keys the moves, so a retried answer never moves a tasker twice and completes an enrolment a crash left undone.
 */
export async function runErrorTagRules(deps: ErrorTagRuleDeps, answer: TaggedAnswer): Promise<RuleAction[]> {
  const rules = (await deps.rules.listRemediationRules()).filter((r) => r.enabled && r.when.kind === 'error-tag-rate' && r.when.skill === answer.skill && r.when.tag === answer.tag);
  if (rules.length === 0) return [];
  const profile = await deps.tracks.getTrackProfile(answer.taskerId);
  // not placed yet (no profile): there is no tasker record to move
  if (!profile) return [];
  const lastN = Math.max(...rules.map((r) => (r.when.kind === 'error-tag-rate' ? r.when.lastN : 0)));
  const responses = await deps.responses.recentResponses(answer.taskerId, answer.skill, lastN);
  return runRules(deps, { rules, taskerId: answer.taskerId, evidenceId: answer.responseId, track: profile.track?.track, verdict: (rule, track) => errorTagRuleFires(rule, responses, track) });
}

/** The quiz answer path's hook (QuizDeps.afterTaggedAnswer). */
export function taggedAnswerHook(deps: ErrorTagRuleDeps): (answer: TaggedAnswer) => Promise<void> {
  return async (answer) => {
    await runErrorTagRules(deps, answer);
  };
}
