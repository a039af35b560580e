// The one domain entry to the proficiency tracker (packages/irt/src/tracker): every kind of evidence about a
// tasker's skill — quiz responses, quality signals, assessments — goes through here (docs/proficiency.md).
import { agedBelief, applyTrackerEvidence, DEFAULT_TRACKER_CONFIG, type Item, type TrackerConfig, type TrackerState } from '@theta/irt';

/** The stored proficiency of one skill (the PROFILE attribute), as the tracker needs it. */
export interface StoredProficiency {
  theta: number;
  se: number;
  /** ISO time of the last evidence: the prior ages from here */
  measuredAt: string;
}

export type ProficiencyEvidence =
  /** scored item responses, e.g. a practice quiz */
  | { kind: 'responses'; items: readonly Item[]; scores: readonly number[] }
  /** a measurement of θ with its own SE, e.g. a quality signal mapped to the θ scale */
  | { kind: 'measurement'; theta: number; se: number }
  /** a completed placement or re-assessment: a fresh, precise posterior; it replaces the stored estimate */
  | { kind: 'assessment'; theta: number; se: number };

export interface UpdatedProficiency {
  theta: number;
  se: number;
  measuredAt: string;
  /** the aged prior the evidence was combined with (SE grown by the time since `current.measuredAt`) */
  prior: { theta: number; se: number };
}

function epochOf(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`${field}: must be an ISO 8601 date-time, got '${iso}'`);
  return ms;
}

/**
 * The proficiency after `evidence` observed at `at` (ISO), from the stored `current` (undefined: none yet, the
 * population prior N(0, 1)). Pure; the caller stores the result with its source in PROFILE and HISTORY.
 */
export function applyEvidence(current: StoredProficiency | undefined, evidence: ProficiencyEvidence, at: string, config: TrackerConfig = DEFAULT_TRACKER_CONFIG): UpdatedProficiency {
  const atMs = epochOf('at', at);
  const state = stateOf(current);
  const prior = agedBelief(state, Math.max(atMs, state?.atMs ?? atMs), config);
  const next = applyTrackerEvidence(state, evidence, atMs, config);
  return { theta: next.theta, se: next.se, measuredAt: new Date(next.atMs).toISOString(), prior };
}

const stateOf = (current: StoredProficiency | undefined): TrackerState | undefined =>
  current ? { theta: current.theta, se: current.se, atMs: epochOf('measuredAt', current.measuredAt) } : undefined;

/** The stored estimate aged to `at` (undefined: the population prior): what the tracker believes before new evidence. */
export function agedPrior(current: StoredProficiency | undefined, at: string, config: TrackerConfig = DEFAULT_TRACKER_CONFIG): { theta: number; se: number } {
  return agedBelief(stateOf(current), epochOf('at', at), config);
}
