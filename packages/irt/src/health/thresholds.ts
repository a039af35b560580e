// Every threshold of the item-health flags, stated once (docs/item-health.md, "Flags"). The calibration's own
// constants are reused where the two modules judge the same thing.

import { FEW_RESPONSES, LOW_DISCRIMINATION, MISFIT_ALPHA } from '../calibration/flags';
import type { HealthFlag } from './types';

export const HEALTH_DEFAULTS = {
  minResponses: FEW_RESPONSES,
  misfitAlpha: MISFIT_ALPHA,
  driftFdr: 0.05,
  /** drift must also matter: |b̂ − b| at least this (or the thresholds' largest move) ... */
  driftMinB: 0.25,
  /** ... or |ln(â / a)| at least this (a 28% change), because with thousands of responses tiny moves are significant */
  driftMinLogA: 0.25,
  /** misfit must also matter: Cohen's w = √(Q1 / n) at least this ("small"), for the same reason */
  misfitMinW: 0.1,
  lowDiscrimination: LOW_DISCRIMINATION,
  difStrata: 10,
  difMinFocal: 50,
  /** NT10 (Wise & Ma 2012): 10% of the item's mean response time ... */
  rapidFraction: 0.1,
  /** ... but never more than 10 s */
  rapidCapMs: 10_000,
  rapidShare: 0.1,
  abilityBands: 5,
} as const;

/** Ranking weight of each flag: problems that bend placement decisions (drift, misfit, DIF) come first. */
export const FLAG_SEVERITY: Record<HealthFlag, number> = {
  drift: 8,
  misfit: 4,
  dif: 4,
  'rapid-guessing': 2,
  'low-discrimination': 2,
  'few-responses': 1,
};
