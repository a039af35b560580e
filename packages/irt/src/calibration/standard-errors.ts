// Standard errors by the cross-product (XPD) of per-tasker score vectors (Louis 1982; mirt's SE.type = "crossprod"):
// at the MML estimates, tasker i's score is s_i = Σ_q w_iq Σ_{j ∈ i} ∂log P_j(u_ij | θ_q)/∂v (w_iq their posterior
// weights), and I ≈ Σ_i s_i s_iᵀ + (−∇² log prior). SE = √diag(I⁻¹) over all estimated parameters jointly (so items
// answered by the same taskers are not treated as independent); fixed items and the ability distribution are taken
// as known. Above MAX_JOINT parameters the matrix is inverted per item (block-diagonal), with a warning.

import type { Item } from '../types';
import { eStep, type Grid } from './em';
import { addPrior, categoryCount, categoryDerivatives, parameterCount, standardErrorsOf, toVector } from './item-params';
import { inverseDiagonal } from './linear';
import type { BetaPrior, CalibrationData, ItemStandardErrors, LognormalPrior } from './types';

const MAX_JOINT = 2500;

export function standardErrors(
  items: readonly Item[],
  data: CalibrationData,
  grid: Grid,
  logPrior: Float64Array,
  active: readonly boolean[],
  priors: readonly { a: LognormalPrior | null; c: BetaPrior | null }[],
  D: number,
  thetaOut: Float64Array,
  sdOut: Float64Array,
  warnings: string[],
  visit?: (i: number, w: Float64Array) => void,
): (ItemStandardErrors | null)[] {
  const Q = grid.nodes.length;
  const base = new Int32Array(items.length + 1);
  const dlog: (Float64Array | null)[] = items.map((it, j) => {
    base[j + 1] = (base[j] as number) + (active[j] ? parameterCount(it) : 0);
    if (!active[j]) return null;
    // ∂log P_k(θ_q)/∂v_m at [(k·Q + q)·p + m]
    const p = parameterCount(it);
    const K1 = categoryCount(it);
    const v = toVector(it);
    const prob = new Float64Array(K1);
    const dprob = new Float64Array(K1 * p);
    const out = new Float64Array(K1 * Q * p);
    for (let q = 0; q < Q; q++) {
      categoryDerivatives(it, v, grid.nodes[q] as number, D, prob, dprob);
      for (let k = 0; k < K1; k++)
        for (let m = 0; m < p; m++) out[(k * Q + q) * p + m] = (dprob[k * p + m] as number) / Math.max(prob[k] as number, 1e-300);
    }
    return out;
  });
  const P = base[items.length] as number;
  const joint = P <= MAX_JOINT;
  if (!joint) warnings.push(`standard errors: ${P} parameters, information inverted per item (block-diagonal)`);
  const blockOf = (j: number) => (joint ? 0 : (base[j] as number));
  const width = (j: number) => (joint ? P : (base[j + 1] as number) - (base[j] as number));
  // joint: one P×P matrix; per item: each item's own p×p block, stored at base[j]² offsets in a map
  const dense = joint ? new Float64Array(P * P) : null;
  const blocks = joint ? null : items.map((it, j) => (active[j] ? new Float64Array(parameterCount(it) ** 2) : null));
  const index: number[] = [];
  const value: number[] = [];
  const owner: number[] = [];
  eStep(data, grid, logPrior, active, null, thetaOut, sdOut, (i, w) => {
    visit?.(i, w);
    index.length = 0;
    value.length = 0;
    owner.length = 0;
    for (let r = data.start[i] as number; r < (data.start[i + 1] as number); r++) {
      const j = data.item[r] as number;
      const table = dlog[j];
      if (!table) continue;
      const p = (base[j + 1] as number) - (base[j] as number);
      const k = data.score[r] as number;
      for (let m = 0; m < p; m++) {
        let s = 0;
        for (let q = 0; q < Q; q++) s += (w[q] as number) * (table[(k * Q + q) * p + m] as number);
        index.push((base[j] as number) + m);
        value.push(s);
        owner.push(j);
      }
    }
    for (let x = 0; x < index.length; x++)
      for (let y = 0; y < index.length; y++) {
        if (dense) {
          const at = (index[x] as number) * P + (index[y] as number);
          dense[at] = (dense[at] as number) + (value[x] as number) * (value[y] as number);
        }
        else if (owner[x] === owner[y]) {
          const j = owner[x] as number;
          const p = width(j);
          const bx = (index[x] as number) - blockOf(j);
          const by = (index[y] as number) - blockOf(j);
          const block = blocks?.[j] as Float64Array;
          block[bx * p + by] = (block[bx * p + by] as number) + (value[x] as number) * (value[y] as number);
        }
      }
  });
  // the priors' curvature, on each item's diagonal block
  items.forEach((it, j) => {
    if (!active[j]) return;
    const p = parameterCount(it);
    const info = new Float64Array(p * p);
    addPrior(priors[j] as never, toVector(it), null, info);
    for (let m = 0; m < p; m++)
      for (let l = 0; l < p; l++) {
        const extra = info[m * p + l] as number;
        const target = dense ?? (blocks?.[j] as Float64Array);
        const at = dense ? ((base[j] as number) + m) * P + (base[j] as number) + l : m * p + l;
        target[at] = (target[at] as number) + extra;
      }
  });
  const diag = new Float64Array(P).fill(NaN);
  if (dense) {
    const d = inverseDiagonal(dense, P);
    if (d) diag.set(d);
    else warnings.push('standard errors: the information matrix is not positive definite (an item is not identified by these data)');
  } else
    items.forEach((it, j) => {
      const block = blocks?.[j];
      if (!block) return;
      const d = inverseDiagonal(block, parameterCount(it));
      if (d) diag.set(d, base[j] as number);
    });
  return items.map((it, j) => {
    if (!active[j]) return null;
    const se = Array.from(diag.subarray(base[j] as number, base[j + 1] as number), Math.sqrt);
    if (se.some((s) => !Number.isFinite(s))) return null;
    return standardErrorsOf(it, se);
  });
}
