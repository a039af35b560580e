// Remediation rules on error tags (`error-tag-rate`): evaluated after a quiz answer whose chosen option carries an
// error tag, on the tasker's newest answers on the quiz's skill (docs/remediation.md). The rule list is read once per
// answer; only the enabled rules on that skill and tag are evaluated, and the answers are read only when one exists.
import { UnprocessableError } from '../errors';
import type { RemediationRuleStore } from './remediation-rule-put';
import { errorTagRuleFires } from './remediation-rule';
import type { RecentResponseReader } from './error-tag-rate';
import { applyRule, resumeRule, type RuleAction, type RuleActionDeps } from './apply-rule';

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
  const rules = (await deps.rules.listRemediationRules())
    .filter((r) => r.enabled && r.when.kind === 'error-tag-rate' && r.when.skill === answer.skill && r.when.tag === answer.tag)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (rules.length === 0) return [];
  const profile = await deps.tracks.getTrackProfile(answer.taskerId);
  // not placed yet (no profile): there is no tasker record to move
  if (!profile) return [];
  const lastN = Math.max(...rules.map((r) => (r.when.kind === 'error-tag-rate' ? r.when.lastN : 0)));
  const responses = await deps.responses.recentResponses(answer.taskerId, answer.skill, lastN);
  let track = profile.track?.track;
  const actions: RuleAction[] = [];
  for (const rule of rules) {
    // on the rule's track already: perhaps this same answer moved them (a retry): finish its enrolment
    const resumed = track === rule.moveTo ? await resumeRule(deps, { rule, taskerId: answer.taskerId, evidenceId: answer.responseId }) : undefined;
    if (resumed) {
      actions.push(resumed);
      continue;
    }
    const verdict = errorTagRuleFires(rule, responses, track);
    if (!verdict.fires) {
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: verdict.why });
      continue;
    }
    try {
      const action = await applyRule(deps, { rule, taskerId: answer.taskerId, why: verdict.why, evidenceId: answer.responseId });
      actions.push(action);
      track = action.move?.to ?? track;
    } catch (error) {
      // a rule that cannot act (its track or course no longer defined) must not fail the answer: it is reported
      if (!(error instanceof UnprocessableError)) throw error;
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: `${verdict.why}, but not applied: ${error.message}` });
    }
  }
  return actions;
}

/** The quiz answer path's hook (QuizDeps.afterTaggedAnswer). */
export function taggedAnswerHook(deps: ErrorTagRuleDeps): (answer: TaggedAnswer) => Promise<void> {
  return async (answer) => {
    await runErrorTagRules(deps, answer);
  };
}
