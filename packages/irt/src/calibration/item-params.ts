// One item's estimated parameters as a vector, its category probabilities and their derivatives with respect to
// those parameters (the analytic gradient the M-step and the standard errors need), and the parameter priors.
//
//   1PL [b] (a kept at the item's common a), 2PL [a, b], 3PL [a, b, c], GRM and GPCM [a, b_1..b_K].

import { sigmoid } from '../models/logistic';
import type { DichotomousItem, Item, PolytomousItem } from '../types';
import type { BetaPrior, CalibrationPriors, ItemStandardErrors, LognormalPrior } from './types';

const { exp, log } = Math;

export type EstimatedModel = '1PL' | '2PL' | '3PL' | 'GRM' | 'GPCM';

export const ESTIMABLE_MODELS: readonly string[] = ['1PL', '2PL', '3PL', 'GRM', 'GPCM'];

/** How many parameters an item of this model has and how many score categories. */
export function parameterCount(item: Item): number {
  if (item.model === '1PL') return 1;
  if (item.model === '2PL') return 2;
  if (item.model === '3PL') return 3;
  if (item.model === 'GRM' || item.model === 'GPCM') return 1 + item.thresholds.length;
  throw new RangeError(`calibration of ${item.model} items is not supported`);
}

export function categoryCount(item: Item): number {
  return item.model === 'GRM' || item.model === 'GPCM' ? item.thresholds.length + 1 : 2;
}

export function toVector(item: Item): Float64Array {
  if (item.model === 'GRM' || item.model === 'GPCM') return Float64Array.from([item.a, ...item.thresholds]);
  const d = item as DichotomousItem;
  if (d.model === '1PL') return Float64Array.of(d.b);
  if (d.model === '2PL') return Float64Array.of(d.a, d.b);
  return Float64Array.of(d.a, d.b, d.c ?? 0);
}

export function fromVector(template: Item, v: ArrayLike<number>): Item {
  if (template.model === 'GRM' || template.model === 'GPCM')
    return { ...template, a: v[0] as number, thresholds: Array.from(v).slice(1) } as PolytomousItem;
  const d = template as DichotomousItem;
  if (d.model === '1PL') return { ...d, b: v[0] as number };
  if (d.model === '2PL') return { ...d, a: v[0] as number, b: v[1] as number };
  return { ...d, a: v[0] as number, b: v[1] as number, c: v[2] as number };
}

/** SEs named as the bank format names the parameters. */
export function standardErrorsOf(template: Item, se: ArrayLike<number>): ItemStandardErrors {
  if (template.model === 'GRM' || template.model === 'GPCM') return { a: se[0] as number, thresholds: Array.from(se).slice(1) };
  if (template.model === '1PL') return { b: se[0] as number };
  if (template.model === '2PL') return { a: se[0] as number, b: se[1] as number };
  return { a: se[0] as number, b: se[1] as number, c: se[2] as number };
}

/** Parameters the models accept (a > 0, 0 < c < 1, GRM boundaries increasing), with a margin against runaway. */
export function feasible(template: Item, v: ArrayLike<number>): boolean {
  const p = v.length;
  for (let m = 0; m < p; m++) if (!Number.isFinite(v[m] as number)) return false;
  if (template.model !== '1PL' && !((v[0] as number) > 0.01 && (v[0] as number) < 50)) return false;
  if (template.model === '3PL' && !((v[2] as number) > 1e-6 && (v[2] as number) < 0.9)) return false;
  for (let m = template.model === '1PL' ? 0 : 1; m < p; m++) if (Math.abs(v[m] as number) > 20) return false;
  if (template.model === 'GRM') for (let m = 2; m < p; m++) if (!((v[m] as number) > (v[m - 1] as number))) return false;
  return true;
}

/**
 * P_k(θ) into prob[k] and ∂P_k/∂v_m into dprob[k·p + m], for the parameter vector v of an item shaped like
 * `template`. Scratch arrays must hold categoryCount and categoryCount·p entries.
 */
export function categoryDerivatives(
  template: Item,
  v: ArrayLike<number>,
  theta: number,
  D: number,
  prob: Float64Array,
  dprob: Float64Array,
): void {
  if (template.model === 'GRM') return grmDerivatives(v, theta, D, prob, dprob);
  if (template.model === 'GPCM') return gpcmDerivatives(v, theta, D, prob, dprob);
  const oneP = template.model === '1PL';
  const a = oneP ? template.a : (v[0] as number);
  const b = oneP ? (v[0] as number) : (v[1] as number);
  const c = template.model === '3PL' ? (v[2] as number) : 0;
  const z = D * a * (theta - b);
  const s = sigmoid(z);
  const t = sigmoid(-z);
  prob[1] = c + (1 - c) * s;
  prob[0] = (1 - c) * t;
  const st = (1 - c) * s * t;
  const p = oneP ? 1 : template.model === '2PL' ? 2 : 3;
  if (oneP) {
    dprob[p] = -st * D * a;
  } else {
    dprob[p] = st * D * (theta - b);
    dprob[p + 1] = -st * D * a;
    if (p === 3) dprob[p + 2] = t;
  }
  for (let m = 0; m < p; m++) dprob[m] = -(dprob[p + m] as number);
}

// GRM: P*_k = σ(D·a·(θ − b_k)), P_k = P*_k − P*_{k+1}; ∂P*_k/∂a = D(θ − b_k)P*_k(1 − P*_k), ∂P*_k/∂b_k = −D·a·P*_k(1 − P*_k).
function grmDerivatives(v: ArrayLike<number>, theta: number, D: number, prob: Float64Array, dprob: Float64Array): void {
  const p = v.length;
  const K = p - 1;
  const a = v[0] as number;
  dprob.fill(0, 0, (K + 1) * p);
  let upper = 1; // P*_k
  let upperDa = 0;
  for (let k = 0; k <= K; k++) {
    let lower = 0; // P*_{k+1}
    let lowerDa = 0;
    let lowerDb = 0;
    if (k < K) {
      const bk = v[k + 1] as number;
      const z = D * a * (theta - bk);
      lower = sigmoid(z);
      const pq = lower * sigmoid(-z);
      lowerDa = D * (theta - bk) * pq;
      lowerDb = -D * a * pq;
    }
    prob[k] = Math.max(upper - lower, 1e-300);
    dprob[k * p] = upperDa - lowerDa;
    if (k < K) dprob[k * p + k + 1] = -lowerDb;
    if (k > 0) dprob[k * p + k] = -(dprob[(k - 1) * p + k] as number);
    upper = lower;
    upperDa = lowerDa;
  }
}

// GPCM: η_k = Σ_{v≤k} D·a·(θ − b_v); ∂log P_k/∂a = (η_k − E η)/a, ∂log P_k/∂b_v = −D·a·(1[k ≥ v] − P(X ≥ v)).
function gpcmDerivatives(v: ArrayLike<number>, theta: number, D: number, prob: Float64Array, dprob: Float64Array): void {
  const p = v.length;
  const K = p - 1;
  const a = v[0] as number;
  let eta = 0;
  let maxEta = 0;
  const e = new Float64Array(K + 1);
  for (let k = 1; k <= K; k++) {
    eta += D * a * (theta - (v[k] as number));
    e[k] = eta;
    if (eta > maxEta) maxEta = eta;
  }
  let total = 0;
  for (let k = 0; k <= K; k++) total += (prob[k] = exp((e[k] as number) - maxEta));
  let meanEta = 0;
  for (let k = 0; k <= K; k++) {
    prob[k] = (prob[k] as number) / total;
    meanEta += (prob[k] as number) * (e[k] as number);
  }
  for (let k = 0; k <= K; k++) {
    const pk = prob[k] as number;
    dprob[k * p] = (pk * ((e[k] as number) - meanEta)) / a;
    let atLeast = 0; // P(X ≥ v), accumulated from the top
    for (let m = K; m >= 1; m--) {
      atLeast += prob[m] as number;
      dprob[k * p + m] = -D * a * pk * ((k >= m ? 1 : 0) - atLeast);
    }
  }
}

/** The priors that apply to an estimated item: 3PL gets the default Beta(5, 17) on c and lognormal(0, 0.5) on a. */
export function itemPriors(item: Item, priors: CalibrationPriors | undefined): { a: LognormalPrior | null; c: BetaPrior | null } {
  const is3PL = item.model === '3PL';
  const a = priors?.a !== undefined ? priors.a : is3PL ? DEFAULT_A_PRIOR : null;
  const c = is3PL ? (priors?.c !== undefined ? priors.c : DEFAULT_C_PRIOR) : null;
  return { a: item.model === '1PL' ? null : a, c };
}

export const DEFAULT_A_PRIOR: LognormalPrior = { meanLog: 0, sdLog: 0.5 };
export const DEFAULT_C_PRIOR: BetaPrior = { alpha: 5, beta: 17 };

/**
 * Adds log prior, its gradient and the negative of its Hessian (diagonal: the priors are independent) to the
 * objective, gradient and information of an item. Returns the log prior.
 */
export function addPrior(
  prior: { a: LognormalPrior | null; c: BetaPrior | null },
  v: ArrayLike<number>,
  grad: Float64Array | null,
  info: Float64Array | null,
): number {
  const p = v.length;
  let lp = 0;
  if (prior.a) {
    const a = v[0] as number;
    const { meanLog: m, sdLog: s } = prior.a;
    const u = log(a) - m;
    lp += -log(a) - (u * u) / (2 * s * s);
    if (grad) grad[0] = (grad[0] as number) - 1 / a - u / (s * s * a);
    // −∂²/∂a²; the curvature can turn positive far out, where the prior is not what holds the estimate in
    if (info) info[0] = (info[0] as number) + Math.max(0, -(1 - 1 / (s * s) + u / (s * s)) / (a * a));
  }
  if (prior.c) {
    const c = v[2] as number;
    const { alpha, beta } = prior.c;
    lp += (alpha - 1) * log(c) + (beta - 1) * log(1 - c);
    if (grad) grad[2] = (grad[2] as number) + (alpha - 1) / c - (beta - 1) / (1 - c);
    if (info) info[2 * p + 2] = (info[2 * p + 2] as number) + (alpha - 1) / (c * c) + (beta - 1) / ((1 - c) * (1 - c));
  }
  return lp;
}
