// A quality signal arrives (an audit score of delivered work, from the `quality` service): it is stored with its
// Idempotency-Key, then the enabled rules on its skill are evaluated on the tasker's recent signals, and the first
// that fires moves the tasker (the one-tasker move: audit row, tasker.track_changed event) with the rule as actor.
// A retry with the same key re-evaluates on the stored signal: the move's request key is derived from the signal,
// so a retry after a crash completes the move once, never twice.
import { canonicalJson } from '../blueprints/snapshot';
import { NotFoundError, UnprocessableError } from '../errors';
import { moveTaskerTrack, type MoveTrackDeps } from '../tracks/move-track';
import type { QualitySignal } from './remediation-rule';
import { ruleFires } from './remediation-rule';
import type { RemediationRuleStore } from './remediation-rule-put';

export interface QualitySignalStore {
  /** the signal and its request-key row, both only if absent; the stored signal when the key was used */
  putQualitySignal(signal: QualitySignal, requestKey: string): Promise<QualitySignal | undefined>;
  /** the tasker's signals on a skill, newest first */
  listQualitySignals(taskerId: string, skill: string, limit: number): Promise<QualitySignal[]>;
}

export interface QualitySignalDeps extends MoveTrackDeps {
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

export interface RuleAction {
  ruleId: string;
  version: number;
  fired: boolean;
  why: string;
  move?: { id: string; from?: string; to: string };
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

  const rules = (await deps.rules.listRemediationRules()).filter((r) => r.enabled && r.when.skill === signal.skill).sort((a, b) => (a.id < b.id ? -1 : 1));
  const actions: RuleAction[] = [];
  if (rules.length === 0) return { signal, recorded: !existing, rules: actions };
  const signals = await deps.signals.listQualitySignals(input.taskerId, signal.skill, MAX_WINDOW);
  // the track read first: a move racing this one is caught by the move's own conditional write
  let track = profile.track?.track;
  for (const rule of rules) {
    const verdict = ruleFires(rule, signals, track);
    if (!verdict.fires) {
      actions.push({ ruleId: rule.id, version: rule.version, fired: false, why: verdict.why });
      continue;
    }
    const { move } = await moveTaskerTrack(
      { taskerId: input.taskerId, to: rule.moveTo, reason: `${rule.title}: ${verdict.why}`, actor: { kind: 'rule', ruleId: rule.id, version: rule.version }, requestKey: `rule-${rule.id}-${signal.id}` },
      deps,
    );
    actions.push({ ruleId: rule.id, version: rule.version, fired: true, why: verdict.why, move: { id: move.id, ...(move.from ? { from: move.from } : {}), to: move.to } });
    track = move.to;
  }
  return { signal, recorded: !existing, rules: actions };
}
