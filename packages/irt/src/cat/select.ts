// Selection criteria over the compiled bank and the pick (argmax / randomesque top-k / Sympson–Hetter lottery).
// All loops run over typed arrays with a 0/1 eligibility mask; nothing is allocated per item.

import { randomInt } from '../random';
import type { Rng } from '../types';
import { categoryProbsAt, infoAt, klAt, type CompiledBank } from './compiled';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { exp, log } = Math;

/** index of the best item found by the last fill* call (first on ties), −1 when none; saves an argmax pass */
export let lastBest = -1;

/**
 * Fisher information of item i at θ for the MFI loops: 2PL items inline (Da)²·e/(1 + e)² with
 * e = exp(−|Da(θ − b)|) — `logisticInformation` for c = 0, d = 1, without the call — and the rest through `infoAt`.
 */
function mfiInformation(bank: CompiledBank, i: number, theta: number, D: number): number {
  if (bank.simple[i] === 1) {
    const da = D * (bank.a[i] as number);
    const x = da * (theta - (bank.b[i] as number));
    const e = exp(x < 0 ? x : -x);
    const r = 1 / (1 + e);
    return da * da * e * r * r;
  }
  const v = infoAt(bank, i, theta, D);
  return v === v ? v : 0; // NaN guard
}

/**
 * Fisher information at the per-item target θ (targetBySkill[bank.skill[i]]) into crit[i] for every masked item
 * (2PL inlined, other models through `infoAt`). Returns the largest value.
 */
export function fillInformation(bank: CompiledBank, mask: Uint8Array, targetBySkill: Float64Array, D: number): number {
  const { skill } = bank;
  const crit = bank.scratch.crit;
  const n = bank.size;
  let best = 0;
  let bestIdx = -1;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    const theta = targetBySkill[skill[i] as number] as number;
    const v = mfiInformation(bank, i, theta, D);
    crit[i] = v;
    if (v > best || bestIdx < 0) {
      best = v;
      bestIdx = i;
    }
  }
  lastBest = bestIdx;
  return best;
}

/**
 * Index of the masked item with the largest Fisher information at its skill's target θ (lowest index on ties),
 * or −1. Scans items by decreasing information bound and stops when the bound cannot beat the best found, so on
 * typical banks only a small fraction of the items is evaluated.
 */
export function bestInformation(bank: CompiledBank, mask: Uint8Array, targetBySkill: Float64Array, D: number): number {
  const { skill, infoBound, byInfoBound } = bank;
  const D2 = D * D;
  let best = -1;
  let bestIdx = -1;
  const n = bank.size;
  for (let k = 0; k < n; k++) {
    const i = byInfoBound[k] as number;
    if ((infoBound[i] as number) * D2 < best) break;
    if (mask[i] === 0) continue;
    const theta = targetBySkill[skill[i] as number] as number;
    const v = mfiInformation(bank, i, theta, D);
    if (v > best || (v === best && i < bestIdx)) {
      best = v;
      bestIdx = i;
    }
  }
  return bestIdx;
}

/** Largest Fisher information among masked items of bank skill `bankSkill` at θ. */
export function maxInformation(bank: CompiledBank, mask: Uint8Array, bankSkill: number, theta: number, D: number): number {
  let best = 0;
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0 || bank.skill[i] !== bankSkill) continue;
    const v = infoAt(bank, i, theta, D);
    if (v > best) best = v;
  }
  return best;
}

/** Indices of the nodes whose weight exceeds `ratio` × the largest weight (the rest cannot move a criterion). */
function significantNodes(w: Float64Array, ratio: number): number[] {
  let mx = 0;
  for (let q = 0; q < w.length; q++) if ((w[q] as number) > mx) mx = w[q] as number;
  const keep: number[] = [];
  for (let q = 0; q < w.length; q++) if ((w[q] as number) > mx * ratio) keep.push(q);
  return keep;
}

/**
 * The KL criteria's one kernel: crit[i] = Σ_k w_k·KL(θ0 ‖ θ_k) for every masked item, with θ0 = centerBySkill[s]
 * and the nodes θ_k / weights w_k of the item's skill s (items of a skill without nodes get 0). Returns the largest.
 */
function fillWeightedKl(
  bank: CompiledBank,
  mask: Uint8Array,
  centerBySkill: Float64Array,
  nodesBySkill: (Float64Array | undefined)[],
  weightsBySkill: (Float64Array | undefined)[],
  D: number,
): number {
  const crit = bank.scratch.crit;
  let best = 0;
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0) continue;
    const s = bank.skill[i] as number;
    const nodes = nodesBySkill[s];
    const w = weightsBySkill[s];
    let v = 0;
    if (nodes && w) {
      const t0 = centerBySkill[s] as number;
      for (let k = 0; k < nodes.length; k++) v += (w[k] as number) * klAt(bank, i, t0, nodes[k] as number, D);
    }
    crit[i] = v;
    if (v > best) best = v;
  }
  return best;
}

/**
 * Chang & Ying (1996) KL information: ∫ KL(θ0 ‖ θ) dθ over θ0 ± halfWidth (midpoint rule, `points` nodes).
 * Returns the largest value.
 */
export function fillKlInterval(
  bank: CompiledBank,
  mask: Uint8Array,
  centerBySkill: Float64Array,
  halfWidthBySkill: Float64Array,
  D: number,
  points = 9,
): number {
  const nodes: Float64Array[] = [];
  const weights: Float64Array[] = [];
  for (let s = 0; s < centerBySkill.length; s++) {
    const t0 = centerBySkill[s] as number;
    const hw = halfWidthBySkill[s] as number;
    const step = (2 * hw) / points;
    nodes.push(Float64Array.from({ length: points }, (_, g) => t0 - hw + (g + 0.5) * step));
    weights.push(new Float64Array(points).fill(step));
  }
  return fillWeightedKl(bank, mask, centerBySkill, nodes, weights, D);
}

/**
 * Posterior-weighted KL (KLP): Σ_q w_q KL(θ0 ‖ θ_q), nodes with negligible weight (< 10⁻⁶ of the largest)
 * skipped. `weightsBySkill[s]` are normalised posterior weights on `nodes` (undefined for skills not selectable).
 */
export function fillKlPosterior(
  bank: CompiledBank,
  mask: Uint8Array,
  centerBySkill: Float64Array,
  weightsBySkill: (Float64Array | undefined)[],
  nodes: Float64Array,
  D: number,
): number {
  const kept = weightsBySkill.map((w) => (w ? significantNodes(w, 1e-6) : undefined));
  return fillWeightedKl(
    bank,
    mask,
    centerBySkill,
    kept.map((keep) => (keep ? Float64Array.from(keep, (q) => nodes[q] as number) : undefined)),
    kept.map((keep, s) => (keep ? Float64Array.from(keep, (q) => (weightsBySkill[s] as Float64Array)[q] as number) : undefined)),
    D,
  );
}

/** Among masked items, the index of the largest crit (first on ties), or −1. */
export function argmax(bank: CompiledBank, mask: Uint8Array): number {
  const crit = bank.scratch.crit;
  let best = -1;
  let bv = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0) continue;
    const v = crit[i] as number;
    if (v > bv) {
      bv = v;
      best = i;
    }
  }
  return best;
}

/** Indices of the k largest crit among masked items, best first (fewer when fewer are masked). */
export function topK(bank: CompiledBank, mask: Uint8Array, k: number): number[] {
  if (k <= 1) {
    const i = argmax(bank, mask);
    return i < 0 ? [] : [i];
  }
  const crit = bank.scratch.crit;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0) continue;
    const v = crit[i] as number;
    if (idx.length === k && v <= (val[k - 1] as number)) continue;
    let p = idx.length === k ? k - 1 : idx.length;
    if (idx.length < k) {
      idx.push(i);
      val.push(v);
    }
    while (p > 0 && (val[p - 1] as number) < v) {
      idx[p] = idx[p - 1] as number;
      val[p] = val[p - 1] as number;
      p--;
    }
    idx[p] = i;
    val[p] = v;
  }
  return idx;
}

/** Randomesque pick: uniform among the k best masked items (k = 1: the best). −1 when none. */
export function pickRandomesque(bank: CompiledBank, mask: Uint8Array, k: number, rng: Rng): number {
  if (k <= 1) return argmax(bank, mask);
  const top = topK(bank, mask, k);
  if (top.length === 0) return -1;
  return top[randomInt(rng, top.length)] as number;
}

/** Uniform pick among masked items; −1 when none. */
export function pickUniform(bank: CompiledBank, mask: Uint8Array, rng: Rng): number {
  let m = 0;
  for (let i = 0; i < bank.size; i++) m += mask[i] as number;
  if (m === 0) return -1;
  let r = randomInt(rng, m);
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0) continue;
    if (r === 0) return i;
    r--;
  }
  return -1;
}

/**
 * a-strata for a bank: stratum index per item (0 = lowest a), computed per skill over its active items.
 * With b-blocking, items are first sorted by b into blocks of `strata` consecutive items and, within each block,
 * the m-th lowest a goes to stratum m (Chang, Qian & Ying 2001). Cached on the compiled bank.
 */
export function strataOf(bank: CompiledBank, strata: number, bBlocking: boolean): Int32Array {
  const key = `strata:${strata}:${bBlocking}`;
  const hit = bank.cache.get(key) as Int32Array | undefined;
  if (hit) return hit;
  const out = new Int32Array(bank.size);
  for (let s = 0; s < bank.skills.length; s++) {
    const members: number[] = [];
    for (let i = 0; i < bank.size; i++) if (bank.skill[i] === s && bank.active[i] === 1) members.push(i);
    if (!bBlocking) {
      members.sort((x, y) => (bank.a[x] as number) - (bank.a[y] as number) || x - y);
      members.forEach((i, r) => (out[i] = Math.min(strata - 1, Math.floor((r * strata) / members.length))));
    } else {
      members.sort((x, y) => (bank.b[x] as number) - (bank.b[y] as number) || x - y);
      for (let start = 0; start < members.length; start += strata) {
        const block = members.slice(start, start + strata);
        block.sort((x, y) => (bank.a[x] as number) - (bank.a[y] as number) || x - y);
        block.forEach((i, m) => (out[i] = Math.min(strata - 1, Math.floor((m * strata) / block.length))));
      }
    }
    // retired items keep stratum 0; they are never eligible
  }
  bank.cache.set(key, out);
  return out;
}

/**
 * Classification mutual information: I(X_i; C) between the response to item i and the examinee's category C
 * (which side of each cut), under the current posterior. Maximising it picks the item whose answer is expected
 * to say most about the classification (a smooth, non-myopic alternative to information at the cut).
 * `classOfNode[s][q]` is the category (0..nClasses−1) of node q for bank skill s.
 */
export function fillClassificationInformation(
  bank: CompiledBank,
  mask: Uint8Array,
  weightsBySkill: (Float64Array | undefined)[],
  classOfNode: (Int32Array | undefined)[],
  nClasses: number,
  nodes: Float64Array,
  D: number,
): number {
  const crit = bank.scratch.crit;
  const probs = bank.scratch.pA;
  const maxCat = bank.maxCategories;
  const joint = new Float64Array(nClasses * maxCat);
  const pc = new Float64Array(nClasses);
  const px = new Float64Array(maxCat);
  // skip nodes with negligible weight
  const keepBySkill = weightsBySkill.map((w) => (w ? Int32Array.from(significantNodes(w, 1e-7)) : undefined));
  let best = 0;
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] === 0) continue;
    const s = bank.skill[i] as number;
    const w = weightsBySkill[s];
    const cls = classOfNode[s];
    const keep = keepBySkill[s];
    if (!w || !cls || !keep) {
      crit[i] = 0;
      continue;
    }
    if (bank.simple[i] === 1) {
      // 2PL fast path: joint(c, 1) = Σ_{q ∈ c} w_q P(θ_q), joint(c, 0) = p(c) − joint(c, 1)
      const da = D * (bank.a[i] as number);
      const bb = bank.b[i] as number;
      for (let c = 0; c < nClasses; c++) {
        pc[c] = 0;
        joint[c] = 0;
      }
      for (let k = 0; k < keep.length; k++) {
        const q = keep[k] as number;
        const wq = w[q] as number;
        const c = cls[q] as number;
        pc[c] = (pc[c] as number) + wq;
        joint[c] = (joint[c] as number) + wq / (1 + exp(-da * ((nodes[q] as number) - bb)));
      }
      let p1 = 0;
      for (let c = 0; c < nClasses; c++) p1 += joint[c] as number;
      const p0 = 1 - p1;
      let mi = 0;
      for (let c = 0; c < nClasses; c++) {
        const pcc = pc[c] as number;
        if (pcc <= 0) continue;
        const j1 = joint[c] as number;
        const j0 = pcc - j1;
        if (j1 > 0 && p1 > 0) mi += j1 * log(j1 / (pcc * p1));
        if (j0 > 0 && p0 > 0) mi += j0 * log(j0 / (pcc * p0));
      }
      crit[i] = mi;
      if (mi > best) best = mi;
      continue;
    }
    joint.fill(0);
    pc.fill(0);
    let K = 1;
    for (let k = 0; k < keep.length; k++) {
      const q = keep[k] as number;
      const wq = w[q] as number;
      K = categoryProbsAt(bank, i, nodes[q] as number, D, probs);
      const c = cls[q] as number;
      pc[c] = (pc[c] as number) + wq;
      const base = c * maxCat;
      for (let x = 0; x <= K; x++) joint[base + x] = (joint[base + x] as number) + wq * (probs[x] as number);
    }
    px.fill(0);
    for (let c = 0; c < nClasses; c++) for (let x = 0; x <= K; x++) px[x] = (px[x] as number) + (joint[c * maxCat + x] as number);
    let mi = 0;
    for (let c = 0; c < nClasses; c++) {
      const pcc = pc[c] as number;
      if (pcc <= 0) continue;
      for (let x = 0; x <= K; x++) {
        const j = joint[c * maxCat + x] as number;
        if (j > 0) mi += j * log(j / (pcc * (px[x] as number)));
      }
    }
    crit[i] = mi;
    if (mi > best) best = mi;
  }
  return best;
}
