// The proficiency tracker's knobs (docs/proficiency.md says how the defaults were chosen: by simulation,
// `npm run bench:tracker`).

export interface TrackerConfig {
  /**
   * Drift variance per day (θ units² / day): the prior variance grows by this much for each day since the last
   * evidence, so old evidence ages and a tasker who learns or forgets is followed.
   */
  driftPerDay: number;
  /** the aged prior SD never exceeds this: after a long gap the tracker knows as little as about the population */
  maxPriorSe: number;
  /** the prior of a tasker with no evidence yet for the skill */
  population: { mean: number; sd: number };
  /** grid points of the per-response update (over the aged prior's mean ± gridHalfWidth SDs) */
  gridPoints: number;
  gridHalfWidth: number;
  /** the SE never falls below this (no evidence is certain; keeps the filter able to move) */
  minSe: number;
}

export const DEFAULT_TRACKER_CONFIG: Readonly<TrackerConfig> = Object.freeze({
  driftPerDay: 0.008,
  maxPriorSe: 1,
  population: Object.freeze({ mean: 0, sd: 1 }),
  gridPoints: 31,
  gridHalfWidth: 5,
  minSe: 0.05,
});

export const MS_PER_DAY = 86_400_000;
