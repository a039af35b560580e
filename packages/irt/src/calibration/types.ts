// Vocabulary of calibration (MML-EM item parameter estimation). Pure data: no I/O.

import type { Item } from '../types';

/** Responses compiled into typed arrays, grouped by tasker (`start[i]..start[i+1]` are tasker i's responses). */
export interface CalibrationData {
  taskerIds: string[];
  /** length taskers + 1 */
  start: Int32Array;
  /** item index (into the calibration's item list) of each response */
  item: Int32Array;
  score: Int32Array;
}

export interface LognormalPrior {
  /** mean of log a */
  meanLog: number;
  /** SD of log a */
  sdLog: number;
}

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface CalibrationPriors {
  /** prior on the discrimination a of estimated items; default none (3PL: lognormal(0, 0.5)) */
  a?: LognormalPrior | null;
  /** prior on the lower asymptote c of estimated 3PL items; default Beta(5, 17) (mirt-style). `null` refuses 3PL. */
  c?: BetaPrior | null;
}

export interface CalibrationOptions {
  /** which items are estimated (same length as the items); the others stay fixed at their parameters */
  estimate: readonly boolean[];
  /**
   * Ability distribution: `estimate` = normal with mean/SD estimated each EM cycle (fixed-anchor calibration:
   * the fixed items define the scale); `standard` = N(0, 1) (free calibration: the distribution defines the scale).
   */
  population: 'estimate' | 'standard';
  priors?: CalibrationPriors;
  /** equally spaced nodes; default 41 on [−5, 5] */
  quadrature?: { points: number; min: number; max: number };
  /** EM cycle cap; default 500 */
  maxIterations?: number;
  /** converged when no estimated parameter (nor the population mean/SD) moves more than this in a cycle; default 1e-4 */
  tolerance?: number;
  /** scaling constant; default 1 */
  D?: number;
  /** called after every EM cycle */
  onIteration?: (iteration: number, logLikelihood: number, maxChange: number) => void;
}

/** Standard errors of one item's estimated parameters (the bank format's names). */
export interface ItemStandardErrors {
  a?: number;
  b?: number;
  c?: number;
  thresholds?: number[];
}

export interface CalibrationResult {
  /** every item, estimated ones with their estimates (same order as the input) */
  items: Item[];
  /** per item: SEs of its estimated parameters; null for fixed items (or when the information matrix is singular) */
  se: (ItemStandardErrors | null)[];
  /** responses used per item */
  n: Int32Array;
  iterations: number;
  converged: boolean;
  /** largest parameter change in the last EM cycle */
  maxChange: number;
  /** marginal log-likelihood at the estimates (priors excluded) */
  logLikelihood: number;
  /** ability distribution on the final scale */
  population: { mean: number; sd: number };
  /** per tasker: EAP θ and posterior SD under the final parameters and population */
  theta: Float64Array;
  thetaSd: Float64Array;
  /** per tasker posterior weights on `nodes` (tasker i at posterior[i·Q .. i·Q + Q)), for leave-one-out item fit */
  posterior: Float64Array;
  nodes: Float64Array;
  warnings: string[];
}

/** Bad input to calibration (e.g. a 3PL without a prior on c, a score above an item's maximum). */
export class CalibrationError extends Error {
  readonly field: string;
  readonly problem: string;
  /** index of the offending response, when one is at fault */
  readonly response?: number;
  constructor(field: string, problem: string, response?: number) {
    super(`${field}: ${problem}`);
    this.name = 'CalibrationError';
    this.field = field;
    this.problem = problem;
    if (response !== undefined) this.response = response;
  }
}
