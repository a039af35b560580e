// Shared vocabulary of the IRT engine. Pure data: no I/O, no AWS.

export type DichotomousModel = '1PL' | '2PL' | '3PL' | '4PL';
export type PolytomousModel = 'GRM' | 'GPCM';
export type ItemModel = DichotomousModel | PolytomousModel;

/** Logistic item: P(θ) = c + (d − c) / (1 + exp(−D·a·(θ − b))). 1PL/Rasch: a = 1 (or a common a), c = 0, d = 1. */
export interface DichotomousItem {
  id: string;
  model: DichotomousModel;
  a: number;
  b: number;
  /** lower asymptote (guessing), 3PL/4PL; default 0 */
  c?: number;
  /** upper asymptote (slipping), 4PL; default 1 */
  d?: number;
  skill?: string;
  tags?: string[];
}

/**
 * Rubric-scored item with categories 0..K (K = thresholds.length).
 * GRM: thresholds are the ordered category boundaries b_1 < … < b_K.
 * GPCM: thresholds are the step difficulties b_1 … b_K (need not be ordered).
 */
export interface PolytomousItem {
  id: string;
  model: PolytomousModel;
  a: number;
  thresholds: number[];
  skill?: string;
  tags?: string[];
}

export type Item = DichotomousItem | PolytomousItem;

/** A scored response: 0/1 for dichotomous items, 0..K for polytomous items. */
export interface ScoredResponse {
  itemId: string;
  score: number;
}

export interface ModelOptions {
  /** scaling constant D (1 = logistic metric, 1.702 ≈ normal-ogive metric); default 1 */
  D?: number;
}

export interface NormalPrior {
  mean: number;
  sd: number;
}

export type EstimatorMethod = 'EAP' | 'MAP' | 'MLE' | 'WLE';

export interface EstimatorConfig extends ModelOptions {
  method: EstimatorMethod;
  /** prior for EAP/MAP and for the MLE/WLE fallback; default N(0, 1) */
  prior?: NormalPrior;
  /** EAP quadrature: `points` equally spaced nodes on [min, max]; default 61 on [−6, 6] */
  quadrature?: { points: number; min: number; max: number };
  /** MLE/WLE search bounds; default [−6, 6] */
  bounds?: [number, number];
}

export interface Estimate {
  theta: number;
  /** standard error: posterior SD for EAP, 1/sqrt(information) otherwise */
  se: number;
  method: EstimatorMethod;
  /** set when the requested method could not produce a finite estimate and another was used (e.g. 'EAP' for an all-correct MLE) */
  fallback?: EstimatorMethod;
}

/** Deterministic random source in [0, 1). */
export type Rng = () => number;
