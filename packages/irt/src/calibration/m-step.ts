// The M-step for one item: maximise Σ_q Σ_k r_kq·log P_k(θ_q; v) + log prior(v) by Fisher scoring on the expected
// counts r_kq of the E-step (analytic gradient; the expected information Σ_q n_q Σ_k ∂P_k ∂P_kᵀ / P_k is positive
// definite where the observed Hessian of a 3PL need not be), with step halving that keeps the parameters feasible.

import type { Item } from '../types';
import { addPrior, categoryDerivatives, feasible } from './item-params';
import { solve } from './linear';
import type { BetaPrior, LognormalPrior } from './types';

export interface ItemObjective {
  value: number;
  grad: Float64Array;
  info: Float64Array;
}

/** counts[k·Q + q] = expected number of taskers at node q who scored k. */
export function itemObjective(
  template: Item,
  v: ArrayLike<number>,
  counts: Float64Array,
  nodes: Float64Array,
  D: number,
  prior: { a: LognormalPrior | null; c: BetaPrior | null },
  withDerivatives: boolean,
): ItemObjective {
  const p = v.length;
  const Q = nodes.length;
  const K1 = counts.length / Q;
  const prob = new Float64Array(K1);
  const dprob = new Float64Array(K1 * p);
  const grad = new Float64Array(p);
  const info = new Float64Array(p * p);
  let value = 0;
  for (let q = 0; q < Q; q++) {
    let n = 0;
    for (let k = 0; k < K1; k++) n += counts[k * Q + q] as number;
    if (n === 0) continue;
    categoryDerivatives(template, v, nodes[q] as number, D, prob, dprob);
    for (let k = 0; k < K1; k++) {
      const pk = Math.max(prob[k] as number, 1e-300);
      const r = counts[k * Q + q] as number;
      value += r * Math.log(pk);
      if (!withDerivatives) continue;
      for (let m = 0; m < p; m++) {
        const dm = dprob[k * p + m] as number;
        grad[m] = (grad[m] as number) + (r * dm) / pk;
        const w = (n * dm) / pk;
        for (let l = 0; l <= m; l++) info[m * p + l] = (info[m * p + l] as number) + w * (dprob[k * p + l] as number);
      }
    }
  }
  for (let m = 0; m < p; m++) for (let l = m + 1; l < p; l++) info[m * p + l] = info[l * p + m] as number;
  value += addPrior(prior, v, withDerivatives ? grad : null, withDerivatives ? info : null);
  return { value, grad, info };
}

/** Fisher scoring from v0; returns the improved parameters (v0 itself when no step improves the objective). */
export function maximizeItem(
  template: Item,
  v0: Float64Array,
  counts: Float64Array,
  nodes: Float64Array,
  D: number,
  prior: { a: LognormalPrior | null; c: BetaPrior | null },
  maxSteps = 25,
): Float64Array {
  const p = v0.length;
  let v = v0;
  let current = itemObjective(template, v, counts, nodes, D, prior, true);
  for (let step = 0; step < maxSteps; step++) {
    // a tiny ridge keeps an item answered at very few nodes solvable
    const A = Float64Array.from(current.info);
    for (let m = 0; m < p; m++) A[m * p + m] = (A[m * p + m] as number) * (1 + 1e-9) + 1e-9;
    const delta = solve(A, current.grad, p);
    if (delta === null) break;
    let scale = 1;
    let accepted = false;
    for (let halving = 0; halving < 30; halving++, scale /= 2) {
      const trial = new Float64Array(p);
      for (let m = 0; m < p; m++) trial[m] = (v[m] as number) + scale * (delta[m] as number);
      if (!feasible(template, trial)) continue;
      const next = itemObjective(template, trial, counts, nodes, D, prior, true);
      if (next.value >= current.value - 1e-12) {
        v = trial;
        current = next;
        accepted = true;
        break;
      }
    }
    let size = 0;
    for (let m = 0; m < p; m++) size = Math.max(size, Math.abs(scale * (delta[m] as number)));
    if (!accepted || size < 1e-8) break;
  }
  return v;
}
