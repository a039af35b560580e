// Marginal maximum likelihood by EM (Bock & Aitkin 1981) on a fixed quadrature grid. One E-step walks every
// tasker once: log posterior over the nodes (log prior + Σ log P of their responses, in log space), normalised,
// and adds the weights to the expected counts r_iqk of each estimated item. The M-step improves each estimated
// item alone on its counts (m-step.ts). Fixed-anchor mode also re-estimates the ability distribution's normal
// mean and SD from the posteriors, so the fixed items alone set the scale.

import { quadratureNodes } from '../estimators/posterior';
import type { Item } from '../types';
import { categoryCount, categoryDerivatives, ESTIMABLE_MODELS, fromVector, itemPriors, parameterCount, toVector } from './item-params';
import { maximizeItem } from './m-step';
import { standardErrors } from './standard-errors';
import { CalibrationError, type CalibrationData, type CalibrationOptions, type CalibrationResult } from './types';

const { exp, log, sqrt, max, abs } = Math;

/** The grid every calibration pass shares: nodes, and per item log P_k(θ_q) at table[offset + k·Q + q]. */
export interface Grid {
  nodes: Float64Array;
  offsets: Int32Array;
  table: Float64Array;
}

export function buildGrid(items: readonly Item[], nodes: Float64Array): Grid {
  const Q = nodes.length;
  const offsets = new Int32Array(items.length + 1);
  items.forEach((it, j) => {
    offsets[j + 1] = (offsets[j] as number) + categoryCount(it) * Q;
  });
  return { nodes, offsets, table: new Float64Array(offsets[items.length] as number) };
}

export function fillLogProbabilities(grid: Grid, j: number, item: Item, D: number): void {
  const Q = grid.nodes.length;
  const K1 = categoryCount(item);
  const p = parameterCount(item);
  const v = toVector(item);
  const prob = new Float64Array(K1);
  const dprob = new Float64Array(K1 * p);
  const off = grid.offsets[j] as number;
  for (let q = 0; q < Q; q++) {
    categoryDerivatives(item, v, grid.nodes[q] as number, D, prob, dprob);
    for (let k = 0; k < K1; k++) grid.table[off + k * Q + q] = log(max(prob[k] as number, 1e-300));
  }
}

/** log of normal weights at the nodes, normalised to sum to 1 on the grid. */
export function logNormalWeights(nodes: Float64Array, mean: number, sd: number, out: Float64Array): void {
  let total = 0;
  for (let q = 0; q < nodes.length; q++) {
    const z = ((nodes[q] as number) - mean) / sd;
    out[q] = -0.5 * z * z;
    total += exp(out[q] as number);
  }
  const lt = log(total);
  for (let q = 0; q < nodes.length; q++) out[q] = (out[q] as number) - lt;
}

export interface EStepResult {
  logLikelihood: number;
  mean: number;
  sd: number;
}

/**
 * One pass over the taskers. `visit(i, w)` (optional) sees each tasker's normalised posterior weights;
 * `counts` (optional, same layout as the grid table) receives the expected counts of the items in `estimate`.
 */
export function eStep(
  data: CalibrationData,
  grid: Grid,
  logPrior: Float64Array,
  estimate: readonly boolean[],
  counts: Float64Array | null,
  thetaOut: Float64Array | null,
  sdOut: Float64Array | null,
  visit?: (i: number, w: Float64Array) => void,
): EStepResult {
  const { nodes, offsets, table } = grid;
  const Q = nodes.length;
  const lp = new Float64Array(Q);
  const w = new Float64Array(Q);
  const N = data.taskerIds.length;
  let logLikelihood = 0;
  let sumMean = 0;
  let sumSecond = 0;
  for (let i = 0; i < N; i++) {
    lp.set(logPrior);
    const from = data.start[i] as number;
    const to = data.start[i + 1] as number;
    for (let r = from; r < to; r++) {
      const off = (offsets[data.item[r] as number] as number) + (data.score[r] as number) * Q;
      for (let q = 0; q < Q; q++) lp[q] = (lp[q] as number) + (table[off + q] as number);
    }
    let top = -Infinity;
    for (let q = 0; q < Q; q++) if ((lp[q] as number) > top) top = lp[q] as number;
    let total = 0;
    for (let q = 0; q < Q; q++) total += w[q] = exp((lp[q] as number) - top);
    logLikelihood += top + log(total);
    let mean = 0;
    for (let q = 0; q < Q; q++) {
      w[q] = (w[q] as number) / total;
      mean += (w[q] as number) * (nodes[q] as number);
    }
    let variance = 0;
    for (let q = 0; q < Q; q++) variance += (w[q] as number) * ((nodes[q] as number) - mean) ** 2;
    sumMean += mean;
    sumSecond += variance + mean * mean;
    if (thetaOut) thetaOut[i] = mean;
    if (sdOut) sdOut[i] = sqrt(variance);
    if (counts)
      for (let r = from; r < to; r++) {
        const j = data.item[r] as number;
        if (!estimate[j]) continue;
        const off = (offsets[j] as number) + (data.score[r] as number) * Q;
        for (let q = 0; q < Q; q++) counts[off + q] = (counts[off + q] as number) + (w[q] as number);
      }
    if (visit) visit(i, w);
  }
  const mean = N > 0 ? sumMean / N : 0;
  const sd = N > 0 ? sqrt(max(sumSecond / N - mean * mean, 1e-6)) : 1;
  return { logLikelihood, mean, sd };
}

function validate(items: readonly Item[], data: CalibrationData, options: CalibrationOptions): void {
  if (options.estimate.length !== items.length) throw new CalibrationError('estimate', `has ${options.estimate.length} entries for ${items.length} items`);
  items.forEach((it, j) => {
    if (!options.estimate[j]) return;
    if (!ESTIMABLE_MODELS.includes(it.model)) throw new CalibrationError(`items[${j}].model`, `${it.model} items cannot be estimated (1PL, 2PL, 3PL, GRM, GPCM)`);
    if (it.model === '3PL' && options.priors?.c === null)
      throw new CalibrationError('priors.c', `3PL item ${it.id} needs a prior on c: without one its lower asymptote is not identified (default Beta(5, 17))`);
  });
  if (options.population === 'estimate' && options.estimate.every(Boolean))
    throw new CalibrationError('estimate', 'fixed-anchor calibration needs at least one fixed item to set the scale');
  for (let r = 0; r < data.item.length; r++) {
    const j = data.item[r] as number;
    if (!(j >= 0 && j < items.length)) throw new CalibrationError('item', `response ${r} names item index ${j}`, r);
  }
}

/** Calibrates the estimated items; fixed items keep their parameters. Never silently non-converged: see `converged`. */
export function calibrate(itemsIn: readonly Item[], data: CalibrationData, options: CalibrationOptions): CalibrationResult {
  validate(itemsIn, data, options);
  const D = options.D ?? 1;
  const nodes = quadratureNodes(options.quadrature ?? { points: 41, min: -5, max: 5 });
  const Q = nodes.length;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-4;
  const estimate = options.estimate;
  const items = itemsIn.slice();
  const warnings: string[] = [];

  const n = new Int32Array(items.length);
  for (let r = 0; r < data.item.length; r++) {
    const j = data.item[r] as number;
    n[j] = (n[j] as number) + 1;
  }
  const active = estimate.map((e, j) => e && (n[j] as number) > 0);
  items.forEach((it, j) => {
    if (estimate[j] && !active[j]) warnings.push(`item ${it.id} has no responses: left at its starting values`);
  });
  const priors = items.map((it) => itemPriors(it, options.priors));
  if (items.some((it, j) => active[j] && it.model === '3PL' && options.priors?.c === undefined))
    warnings.push('3PL: default priors applied, c ~ Beta(5, 17) and a ~ lognormal(0, 0.5)');

  const grid = buildGrid(items, nodes);
  items.forEach((it, j) => fillLogProbabilities(grid, j, it, D));
  const counts = new Float64Array(grid.table.length);
  const logPrior = new Float64Array(Q);
  let mean = 0;
  let sd = 1;
  logNormalWeights(nodes, mean, sd, logPrior);

  let iterations = 0;
  let converged = false;
  let maxChange = Infinity;
  let logLikelihood = -Infinity;
  while (iterations < maxIterations) {
    iterations++;
    counts.fill(0);
    const e = eStep(data, grid, logPrior, active, counts, null, null);
    logLikelihood = e.logLikelihood;
    maxChange = 0;
    if (options.population === 'estimate') {
      maxChange = max(abs(e.mean - mean), abs(e.sd - sd));
      mean = e.mean;
      sd = e.sd;
      logNormalWeights(nodes, mean, sd, logPrior);
    }
    for (let j = 0; j < items.length; j++) {
      if (!active[j]) continue;
      const item = items[j] as Item;
      const v0 = toVector(item);
      const off = grid.offsets[j] as number;
      const v = maximizeItem(item, v0, counts.subarray(off, grid.offsets[j + 1] as number), nodes, D, priors[j] as never);
      for (let m = 0; m < v.length; m++) maxChange = max(maxChange, abs((v[m] as number) - (v0[m] as number)));
      items[j] = fromVector(item, v);
      fillLogProbabilities(grid, j, items[j] as Item, D);
    }
    options.onIteration?.(iterations, logLikelihood, maxChange);
    if (maxChange < tolerance) {
      converged = true;
      break;
    }
  }
  if (!converged)
    warnings.push(`not converged: ${iterations} EM cycles (the cap), last parameter change ${maxChange.toExponential(2)} > tolerance ${tolerance}`);

  const theta = new Float64Array(data.taskerIds.length);
  const thetaSd = new Float64Array(data.taskerIds.length);
  const posterior = new Float64Array(data.taskerIds.length * Q);
  const se = standardErrors(items, data, grid, logPrior, active, priors, D, theta, thetaSd, warnings, (i, w) => posterior.set(w, i * Q));
  const final = eStep(data, grid, logPrior, active, null, null, null);
  return {
    items,
    se,
    n,
    iterations,
    converged,
    maxChange,
    logLikelihood: final.logLikelihood,
    population: { mean, sd },
    theta,
    thetaSd,
    posterior,
    nodes,
    warnings,
  };
}
