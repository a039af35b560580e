// Drift of an anchor: the item re-estimated on the scale the OTHER anchors set, against its bank parameters.
// Each respondent's θ comes from their posterior without this item (leave-one-out), so a drifted item cannot pull
// the θ it is judged by towards itself; the item's marginal likelihood Σ_i log Σ_q w⁻_iq P(u_i | θ_q; v) is
// maximised by EM (the calibration's M-step), its SE from the cross-product of the per-tasker scores (XPD, as the
// calibration's standard errors). Wald z per parameter uses both SEs; the items are then tested together with a
// Benjamini–Hochberg false discovery rate (item-health.ts).

import { chiSquareSurvival } from '../calibration/chi-square';
import { addPrior, categoryCount, categoryDerivatives, fromVector, itemPriors, parameterCount, standardErrorsOf, toVector } from '../calibration/item-params';
import { inverseDiagonal } from '../calibration/linear';
import { maximizeItem } from '../calibration/m-step';
import type { ItemStandardErrors } from '../calibration/types';
import type { DichotomousItem, Item, PolytomousItem } from '../types';
import type { DriftResult } from './types';

const EM_TOLERANCE = 1e-4;
const EM_MAX_CYCLES = 200;

/** Two-sided normal p-value of z, as the χ²(1) upper tail of z² (accurate far into the tail). */
export const twoSidedP = (z: number): number => chiSquareSurvival(z * z, 1);

/** `loo[r·Q + q]`: respondent r's leave-one-out posterior; `scores[r]` their score on the item. */
export function reestimateItem(item: Item, loo: Float64Array, scores: ArrayLike<number>, nodes: Float64Array, D = 1): { item: Item; se: ItemStandardErrors | null } {
  const Q = nodes.length;
  const n = scores.length;
  const K1 = categoryCount(item);
  const p = parameterCount(item);
  const priors = itemPriors(item, undefined);
  const prob = new Float64Array(K1);
  const dprob = new Float64Array(K1 * p);
  const table = new Float64Array(K1 * Q);
  const dlog = new Float64Array(K1 * Q * p);
  const fill = (v: Float64Array) => {
    for (let q = 0; q < Q; q++) {
      categoryDerivatives(item, v, nodes[q] as number, D, prob, dprob);
      for (let k = 0; k < K1; k++) {
        const pk = Math.max(prob[k] as number, 1e-300);
        table[k * Q + q] = pk;
        for (let m = 0; m < p; m++) dlog[(k * Q + q) * p + m] = (dprob[k * p + m] as number) / pk;
      }
    }
  };
  const post = new Float64Array(Q);
  const posteriorOf = (r: number) => {
    const u = scores[r] as number;
    let total = 0;
    for (let q = 0; q < Q; q++) total += post[q] = (loo[r * Q + q] as number) * (table[u * Q + q] as number);
    for (let q = 0; q < Q; q++) post[q] = (post[q] as number) / total;
  };
  let v = toVector(item);
  const counts = new Float64Array(K1 * Q);
  for (let cycle = 0; cycle < EM_MAX_CYCLES; cycle++) {
    fill(v);
    counts.fill(0);
    for (let r = 0; r < n; r++) {
      posteriorOf(r);
      const off = (scores[r] as number) * Q;
      for (let q = 0; q < Q; q++) counts[off + q] = (counts[off + q] as number) + (post[q] as number);
    }
    const next = maximizeItem(item, v, counts, nodes, D, priors);
    let change = 0;
    for (let m = 0; m < p; m++) change = Math.max(change, Math.abs((next[m] as number) - (v[m] as number)));
    v = next;
    if (change < EM_TOLERANCE) break;
  }
  fill(v);
  const info = new Float64Array(p * p);
  const s = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    posteriorOf(r);
    s.fill(0);
    const u = scores[r] as number;
    for (let q = 0; q < Q; q++) for (let m = 0; m < p; m++) s[m] = (s[m] as number) + (post[q] as number) * (dlog[(u * Q + q) * p + m] as number);
    for (let m = 0; m < p; m++) for (let l = 0; l < p; l++) info[m * p + l] = (info[m * p + l] as number) + (s[m] as number) * (s[l] as number);
  }
  addPrior(priors, v, null, info);
  const diag = inverseDiagonal(info, p);
  return { item: fromVector(item, v), se: diag ? standardErrorsOf(item, Array.from(diag, Math.sqrt)) : null };
}

const wald = (estimate: number, bank: number, se: number | undefined, bankSe: number | undefined): number | undefined =>
  se === undefined || !Number.isFinite(se) ? undefined : (estimate - bank) / Math.sqrt(se * se + (bankSe ?? 0) ** 2);

/** Wald z on a and b (polytomous: the largest |z| over the thresholds) and the item's p (Bonferroni over them). */
export function driftTest(bank: Item, estimate: Item, se: ItemStandardErrors, bankSe: ItemStandardErrors | null | undefined): DriftResult {
  const zs: number[] = [];
  const z: DriftResult['z'] = {};
  const size: DriftResult['size'] = {};
  if (bank.model !== '1PL') {
    const za = wald(estimate.a, bank.a, se.a, bankSe?.a);
    if (za !== undefined) zs.push((z.a = za));
    size.logA = Math.abs(Math.log(estimate.a / bank.a));
  }
  let out: DriftResult['estimate'];
  if (bank.model === 'GRM' || bank.model === 'GPCM') {
    const e = estimate as PolytomousItem;
    out = { a: e.a, thresholds: e.thresholds };
    let worst: number | undefined;
    bank.thresholds.forEach((t, k) => {
      const zk = wald(e.thresholds[k] as number, t, se.thresholds?.[k], bankSe?.thresholds?.[k]);
      if (zk === undefined) return;
      zs.push(zk);
      if (worst === undefined || Math.abs(zk) > Math.abs(worst)) worst = zk;
      size.b = Math.max(size.b ?? 0, Math.abs((e.thresholds[k] as number) - t));
    });
    if (worst !== undefined) z.b = worst;
  } else {
    const e = estimate as DichotomousItem;
    out = { a: e.a, b: e.b, ...(e.c === undefined ? {} : { c: e.c }) };
    const zb = wald(e.b, (bank as DichotomousItem).b, se.b, bankSe?.b);
    if (zb !== undefined) zs.push((z.b = zb));
    size.b = Math.abs(e.b - (bank as DichotomousItem).b);
  }
  const largest = zs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const p = zs.length > 0 ? Math.min(1, zs.length * twoSidedP(largest)) : NaN;
  return { estimate: out, se, z, p, size };
}

/** Benjamini–Hochberg: which of the p-values are discoveries at false discovery rate q (NaN: not tested). */
export function benjaminiHochberg(ps: readonly number[], q: number): boolean[] {
  const tested = ps.map((p, k) => ({ p, k })).filter((x) => Number.isFinite(x.p)).sort((x, y) => x.p - y.p);
  const m = tested.length;
  let cut = -1;
  tested.forEach((x, rank) => {
    if (x.p <= ((rank + 1) * q) / m) cut = rank;
  });
  const out = ps.map(() => false);
  for (let rank = 0; rank <= cut; rank++) out[(tested[rank] as { k: number }).k] = true;
  return out;
}
