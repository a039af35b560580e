// The tracker's state of one (tasker, skill): a Gaussian belief N(theta, se²) as of `atMs`.
import { MS_PER_DAY, type TrackerConfig } from './config';

export interface TrackerState {
  theta: number;
  se: number;
  /** when the last evidence was applied (epoch ms) */
  atMs: number;
}

/** A Gaussian belief without a time: the output of an update, or a prior. */
export interface Belief {
  theta: number;
  se: number;
}

/**
 * The belief at time `atMs`: the state's mean, its variance grown by driftPerDay per day elapsed (a random-walk
 * ability), capped at maxPriorSe². No state → the population prior. Time running backwards adds nothing.
 */
export function agedBelief(state: TrackerState | undefined, atMs: number, config: TrackerConfig): Belief {
  if (!state) return { theta: config.population.mean, se: config.population.sd };
  const days = Math.max(0, atMs - state.atMs) / MS_PER_DAY;
  const cap = Math.max(config.maxPriorSe, state.se);
  const variance = Math.min(state.se * state.se + config.driftPerDay * days, cap * cap);
  return { theta: state.theta, se: Math.sqrt(variance) };
}
