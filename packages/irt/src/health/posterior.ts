// Each tasker's posterior over θ from the bank's anchors (the items that are not pilots), with the ability
// distribution's normal mean and SD estimated from the posteriors (as fixed-anchor calibration does): the scale is
// the bank's. Reuses the calibration's grid and E-step. Pilot items get log P = 0 on the grid, so they carry no
// weight: their responses are judged against θ from the anchors alone.

import { buildGrid, eStep, fillLogProbabilities, logNormalWeights } from '../calibration/em';
import type { CalibrationData } from '../calibration/types';
import { quadratureNodes } from '../estimators/posterior';
import type { Item } from '../types';

export interface AnchorPosteriors {
  nodes: Float64Array;
  /** tasker i's normalised weights at weights[i·Q .. i·Q + Q) */
  weights: Float64Array;
  /** EAP per tasker */
  theta: Float64Array;
  /** per item, P_k(θ_q) at probs[j][k·Q + q] (all items, pilots included) */
  probs: Float64Array[];
  /** which items entered the posteriors */
  anchor: readonly boolean[];
  population: { mean: number; sd: number };
  converged: boolean;
}

const POPULATION_TOLERANCE = 1e-4;
const MAX_CYCLES = 200;

export function anchorPosteriors(items: readonly Item[], anchor: readonly boolean[], data: CalibrationData, D = 1): AnchorPosteriors {
  const nodes = quadratureNodes({ points: 41, min: -5, max: 5 });
  const Q = nodes.length;
  const grid = buildGrid(items, nodes);
  const probs = items.map((it, j) => {
    fillLogProbabilities(grid, j, it, D);
    const off = grid.offsets[j] as number;
    const slice = grid.table.slice(off, grid.offsets[j + 1] as number);
    if (!anchor[j]) grid.table.fill(0, off, grid.offsets[j + 1] as number);
    return slice.map(Math.exp);
  });
  const none = items.map(() => false);
  const logPrior = new Float64Array(Q);
  let mean = 0;
  let sd = 1;
  let converged = false;
  for (let cycle = 0; cycle < MAX_CYCLES && !converged; cycle++) {
    logNormalWeights(nodes, mean, sd, logPrior);
    const e = eStep(data, grid, logPrior, none, null, null, null);
    converged = Math.abs(e.mean - mean) < POPULATION_TOLERANCE && Math.abs(e.sd - sd) < POPULATION_TOLERANCE;
    mean = e.mean;
    sd = e.sd;
  }
  logNormalWeights(nodes, mean, sd, logPrior);
  const N = data.taskerIds.length;
  const weights = new Float64Array(N * Q);
  const theta = new Float64Array(N);
  eStep(data, grid, logPrior, none, null, theta, null, (i, w) => weights.set(w, i * Q));
  return { nodes, weights, theta, probs, anchor, population: { mean, sd }, converged };
}

/**
 * Tasker i's posterior without their response `score` to item j (w_q / P_j(score | θ_q), renormalised) into `out`;
 * for a pilot item (never in the posterior) the posterior itself.
 */
export function leaveOneOut(post: AnchorPosteriors, i: number, j: number, score: number, out: Float64Array): void {
  const Q = post.nodes.length;
  if (!post.anchor[j]) {
    out.set(post.weights.subarray(i * Q, i * Q + Q));
    return;
  }
  const p = post.probs[j] as Float64Array;
  let total = 0;
  for (let q = 0; q < Q; q++) total += out[q] = (post.weights[i * Q + q] as number) / Math.max(p[score * Q + q] as number, 1e-300);
  for (let q = 0; q < Q; q++) out[q] = (out[q] as number) / total;
}

export function meanOf(w: Float64Array, nodes: Float64Array): number {
  let m = 0;
  for (let q = 0; q < nodes.length; q++) m += (w[q] as number) * (nodes[q] as number);
  return m;
}
