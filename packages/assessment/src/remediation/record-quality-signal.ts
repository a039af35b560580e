// A quality signal arrives (an audit score of delivered work, from the `quality` service): it is stored with its
// Idempotency-Key, then the enabled quality rules on its skill are evaluated on the tasker's recent signals, and a
// rule that fires moves the tasker (the one-tasker move: audit row, tasker.track_changed event) with the rule as
// actor, and enrols them in its course. A retry with the same key re-evaluates on the stored signal: the move's
// request key is derived from the signal, so a retry after a crash completes the move (and enrolment) once.
import { canonicalJson } from '../blueprints/snapshot';
import { NotFoundError, UnprocessableError } from '../errors';
import type { QualitySignal } from './remediation-rule';
import { ruleFires } from './remediation-rule';
import type { RemediationRuleStore } from './remediation-rule-put';
import { applyRule, resumeRule, type RuleAction, type RuleActionDeps } from './apply-rule';

export interface QualitySignalStore {
  /** the signal and its request-key row, both only if absent; the stored signal when the key was used */
  putQualitySignal(signal: QualitySignal, requestKey: string): Promise<QualitySignal | undefined>;
  /** the tasker's signals on a skill, newest first */
  listQualitySignals(taskerId: string, skill: string, limit: number): Promise<QualitySignal[]>;
}

export interface QualitySignalDeps extends RuleActionDeps {
  signals: QualitySignalStore;
  rules: Pick<RemediationRuleStore, 'listRemediationRules'>;
  now: () => Date;
  newId: () => string;
}

export interface QualitySignalInput {
  skill: string;
  score: number;
  errorTag?: string;
  workId?: string;
  observedAt?: string;
}

const MAX_WINDOW = 50;

export async function recordQualitySignal(
  input: { taskerId: string; body: QualitySignalInput; source: string; requestKey: string },
  deps: QualitySignalDeps,
): Promise<{ signal: QualitySignal; recorded: boolean; rules: RuleAction[] }> {
  const profile = await deps.tracks.getTrackProfile(input.taskerId);
  if (!profile) throw new NotFoundError('tasker_not_found', `no tasker '${input.taskerId}'`);
  const now = deps.now().toISOString();
  const fresh: QualitySignal = {
    id: deps.newId(),
    taskerId: input.taskerId,
    skill: input.body.skill,
    score: input.body.score,
    ...(input.body.errorTag ? { errorTag: input.body.errorTag } : {}),
    ...(input.body.workId ? { workId: input.body.workId } : {}),
    observedAt: input.body.observedAt ?? now,
    receivedAt: now,
    source: input.source,
  };
  const existing = await deps.signals.putQualitySignal(fresh, input.requestKey);
  const contentOf = (s: QualitySignal | QualitySignalInput) => canonicalJson({ skill: s.skill, score: s.score, errorTag: s.errorTag ?? null, workId: s.workId ?? null });
  if (existing && contentOf(existing) !== contentOf(input.body)) throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was used for another quality signal');
  const signal = existing ?? fresh;

  const rules = (await deps.rules.listRemediationRules())
    .filter((r) => r.enabled && r.when.kind === 'quality-below' && r.when.skill === signal.skill)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const actions: RuleAction[] = [];
  if (rules.length === 0) return { signal, recorded: !existing, rules: actions };
  const signals = await deps.signals.listQualitySignals(input.taskerId, signal.skill, MAX_WINDOW);
  // the track read first: a move racing this one is caught by the move's own conditional write
  let track = profile.track?.track;
  for (const rule of rules) {
    // a retried signal that already fired this rule: finish what the first attempt started (its enrolment)
    const resumed = existing ? await resumeRule(deps, { rule, taskerId: input.taskerId, evidenceId: signal.id }) : undefined;
    if (resumed) {
      actions.push(resumed);
      track = resumed.move?.to ?? track;
      continue;
    }
    const verdict = ruleFires(rule, signals, track);
    if (!verdict.fires) {
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: verdict.why });
      continue;
    }
    const action = await applyRule(deps, { rule, taskerId: input.taskerId, why: verdict.why, evidenceId: signal.id });
    actions.push(action);
    track = action.move?.to ?? track;
  }
  return { signal, recorded: !existing, rules: actions };
}
