// The proficiency tracker: one Gaussian state-space filter for every kind of evidence (docs/proficiency.md).
// Step 1, aging: the prior is N(θ, SE² + driftPerDay · days since the last evidence), capped.
// Step 2, evidence: item responses by a grid (EAP) update; a Gaussian measurement by the conjugate update.
import type { Item } from '../types';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from './config';
import { agedBelief, type Belief, type TrackerState } from './state';
import { measurementUpdate, responsesUpdate, type GridScratch } from './update';

export type TrackerEvidence =
  /** scored item responses (a quiz, a placement's items in a replay) */
  | { kind: 'responses'; items: readonly Item[]; scores: readonly number[] }
  /** a direct measurement of θ with its SE (a quality signal on the θ scale) */
  | { kind: 'measurement'; theta: number; se: number }
  /** a complete assessment (placement, re-assessment): a fresh posterior that replaces the state (docs/proficiency.md) */
  | { kind: 'assessment'; theta: number; se: number };

export function trackerConfig(overrides?: Partial<TrackerConfig>): TrackerConfig {
  const config = { ...DEFAULT_TRACKER_CONFIG, ...overrides };
  if (!(config.driftPerDay >= 0) || !Number.isFinite(config.driftPerDay)) throw new RangeError('driftPerDay must be a finite number ≥ 0');
  if (!(config.maxPriorSe > 0)) throw new RangeError('maxPriorSe must be > 0');
  if (!(config.population.sd > 0)) throw new RangeError('population.sd must be > 0');
  if (!Number.isInteger(config.gridPoints) || config.gridPoints < 5) throw new RangeError('gridPoints must be an integer ≥ 5');
  return config;
}

function checkBelief(what: string, b: Belief): void {
  if (!Number.isFinite(b.theta)) throw new RangeError(`${what}.theta must be a finite number`);
  if (!(b.se > 0) || !Number.isFinite(b.se)) throw new RangeError(`${what}.se must be a finite number > 0`);
}

/** The state after `evidence` observed at `atMs`, from `state` (undefined: no evidence yet → population prior). */
export function applyTrackerEvidence(
  state: TrackerState | undefined,
  evidence: TrackerEvidence,
  atMs: number,
  config: TrackerConfig = DEFAULT_TRACKER_CONFIG,
  scratch?: GridScratch,
): TrackerState {
  if (!Number.isFinite(atMs)) throw new RangeError('at must be a valid time');
  // evidence older than the state does not rewind it: it is applied at the state's time, without aging
  const at = state ? Math.max(atMs, state.atMs) : atMs;
  if (evidence.kind === 'assessment') {
    checkBelief('assessment', evidence);
    return { theta: evidence.theta, se: evidence.se, atMs: at };
  }
  const prior = agedBelief(state, at, config);
  if (evidence.kind === 'measurement') {
    checkBelief('measurement', evidence);
    return { ...measurementUpdate(prior, evidence, config), atMs: at };
  }
  return { ...responsesUpdate(prior, evidence.items, evidence.scores, config, scratch), atMs: at };
}
