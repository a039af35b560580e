// Item fit from each tasker's θ (EAP under the final parameters): Wright & Masters infit/outfit mean squares and a
// Yen (1981) Q1-style chi-square over θ groups. Small exported API so the item-health module can share it.
// With `posterior` (each tasker's weights on the quadrature nodes) every response is judged against the tasker's
// posterior WITHOUT that response (w_q / P(u | θ_q), renormalised): its θ for grouping and its expected score are
// then leave-one-out. With the response in, θ̂ leans towards agreeing with it, which shrank the residuals (infit
// ≈ 0.9) and made Q1 flag well-fitting items on 25-item tests (60% with p < .05 on simulated data).

import { categoryProbabilities } from '../models/item';
import type { Item, ModelOptions } from '../types';
import { chiSquareSurvival } from './chi-square';

/** Scored responses as columns: response r is tasker `person[r]` answering item `item[r]` with `score[r]`. */
export interface ResponseColumns {
  item: ArrayLike<number>;
  person: ArrayLike<number>;
  score: ArrayLike<number>;
}

export interface ItemFit {
  n: number;
  /** information-weighted mean square Σ(x − E)² / Σ Var; 1 expected */
  infit: number;
  /** unweighted mean square of standardised residuals; 1 expected */
  outfit: number;
  /** Q1: Σ_g (O_g − E_g)² / V_g over θ groups of the item's respondents (sums of observed, expected, variance) */
  chiSquare: number;
  df: number;
  p: number;
}

export interface ItemFitOptions extends ModelOptions {
  /** θ groups for the chi-square (equal-count, by θ); default 10, fewer when an item has few responses */
  groups?: number;
  /** per item, how many of its parameters were estimated from these data (df = groups − that); default 0 */
  estimatedParameters?: ArrayLike<number>;
  /** smallest group; default 20 */
  minGroupSize?: number;
  /** per tasker posterior weights on `nodes` (tasker i at weights[i·Q .. i·Q + Q)): leave-one-out fit (above) */
  posterior?: { nodes: Float64Array; weights: Float64Array };
}

function momentsOf(probs: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let k = 0; k < probs.length; k++) mean += (probs[k] as number) * k;
  let variance = 0;
  for (let k = 0; k < probs.length; k++) variance += (probs[k] as number) * (k - mean) ** 2;
  return { mean, variance: Math.max(variance, 1e-12) };
}

/** θ and expected score moments of one response: at the point θ, or leave-one-out over the tasker's posterior. */
function expectation(item: Item, table: number[][] | null, options: ItemFitOptions, theta: number, person: number, score: number) {
  const post = options.posterior;
  if (!post || !table) return { theta, ...momentsOf(categoryProbabilities(item, theta, { D: options.D ?? 1 })) };
  const Q = post.nodes.length;
  const K1 = (table[0] as number[]).length;
  const probs = new Float64Array(K1);
  let total = 0;
  let mean = 0;
  for (let q = 0; q < Q; q++) {
    const row = table[q] as number[];
    const w = (post.weights[person * Q + q] as number) / Math.max(row[score] as number, 1e-300);
    total += w;
    mean += w * (post.nodes[q] as number);
    for (let k = 0; k < K1; k++) probs[k] = (probs[k] as number) + w * (row[k] as number);
  }
  for (let k = 0; k < K1; k++) probs[k] = (probs[k] as number) / total;
  return { theta: mean / total, ...momentsOf(probs) };
}

export function itemFit(items: readonly Item[], responses: ResponseColumns, thetas: ArrayLike<number>, options: ItemFitOptions = {}): ItemFit[] {
  const D = options.D ?? 1;
  const byItem: number[][] = items.map(() => []);
  for (let r = 0; r < responses.item.length; r++) byItem[responses.item[r] as number]?.push(r);
  return items.map((item, j) => {
    const rows = byItem[j] as number[];
    const table = options.posterior ? Array.from(options.posterior.nodes, (t) => categoryProbabilities(item, t, { D })) : null;
    const n = rows.length;
    let sumSq = 0;
    let sumVar = 0;
    let sumZ2 = 0;
    const cells = rows.map((r) => {
      const person = responses.person[r] as number;
      const x = responses.score[r] as number;
      const { theta, mean, variance } = expectation(item, table, options, thetas[person] as number, person, x);
      const resid = x - mean;
      sumSq += resid * resid;
      sumVar += variance;
      sumZ2 += (resid * resid) / variance;
      return { theta, x, mean, variance };
    });
    const minGroup = options.minGroupSize ?? 20;
    const groups = Math.max(1, Math.min(options.groups ?? 10, Math.floor(n / minGroup)));
    cells.sort((x, y) => x.theta - y.theta);
    let chiSquare = 0;
    for (let g = 0; g < groups; g++) {
      let o = 0;
      let e = 0;
      let v = 0;
      for (let m = Math.floor((g * n) / groups); m < Math.floor(((g + 1) * n) / groups); m++) {
        const c = cells[m] as (typeof cells)[number];
        o += c.x;
        e += c.mean;
        v += c.variance;
      }
      if (v > 0) chiSquare += ((o - e) * (o - e)) / v;
    }
    const df = groups - ((options.estimatedParameters?.[j] as number | undefined) ?? 0);
    return {
      n,
      infit: n > 0 ? sumSq / sumVar : NaN,
      outfit: n > 0 ? sumZ2 / n : NaN,
      chiSquare: n > 0 ? chiSquare : NaN,
      df,
      p: n > 0 && df > 0 ? chiSquareSurvival(chiSquare, df) : NaN,
    };
  });
}
