// Incremental EAP on a fixed quadrature grid: the CAT hot path.
//
// The grid keeps the UNNORMALISED LOG posterior at each node, log π(θ_q) + Σ log P(u_i | θ_q), so absorbing a
// response is one pass of additions and hundreds of responses never underflow. Summaries normalise with the
// log-sum-exp trick (subtract the maximum before exponentiating). Nodes are equally spaced, so the rule is the
// rectangle/trapezoid rule, which converges geometrically for smooth, Gaussian-tailed integrands — as long as the
// posterior is wider than the node spacing. When it is not (long or steep tests, a very tight prior) the summary
// re-evaluates the posterior on a finer grid around its mean (`refinedSummary`), from the prior and the responses
// the grid has absorbed; the usual CAT step never pays for it.
import type { Item, ModelOptions, NormalPrior } from '../types';
import { assertValidItem, assertValidScore, isPolytomous, logProbability } from '../models/item';
import { logisticLogProbability, lowerAsymptote, upperAsymptote } from '../models/dichotomous';
import { resolveD, resolvePrior, resolveQuadrature, type PosteriorConfig, type QuadratureSpec } from './config';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { exp, max, min, sqrt } = Math;

/**
 * Log posterior on a quadrature grid.
 * - `nodes[q]`: θ at node q, ascending, equally spaced on [quadrature.min, quadrature.max]; length Q = quadrature.points.
 * - `logDensity[q]`: unnormalised log posterior at node q (log prior + summed log-likelihood); length Q.
 *   Updated in place by `updatePosterior`; only differences between entries matter.
 * - `D`: scaling constant used for every update unless a call overrides it.
 * - `responses`: number of responses absorbed so far.
 * - `prior`, `history`: the prior and the absorbed responses (newest first, an immutable list shared by clones),
 *   from which `posteriorSummary` re-evaluates the posterior on a finer grid when it is narrower than a node step.
 */
export interface PosteriorGrid {
  readonly nodes: Float64Array;
  readonly logDensity: Float64Array;
  readonly D: number;
  responses: number;
  readonly prior: NormalPrior;
  history: AbsorbedResponse | null;
}

/** One absorbed response, linked to the ones before it (immutable, so a clone shares it for free). */
export interface AbsorbedResponse {
  readonly item: Item;
  readonly score: number;
  readonly D: number;
  readonly previous: AbsorbedResponse | null;
}

export interface PosteriorSummary {
  /** posterior mean (EAP) */
  theta: number;
  /** posterior standard deviation */
  se: number;
}

/** The quadrature nodes: `points` equally spaced values on [min, max], ascending (default 61 on [−6, 6]). */
export function quadratureNodes(quadrature?: QuadratureSpec): Float64Array {
  const { points, min, max } = resolveQuadrature(quadrature);
  const nodes = new Float64Array(points);
  const step = (max - min) / (points - 1);
  for (let q = 0; q < points; q++) nodes[q] = min + q * step;
  return nodes;
}

/** A grid holding the normal prior (defaults: N(0, 1), 61 nodes on [−6, 6], D = 1). */
export function createPosterior(config: PosteriorConfig = {}): PosteriorGrid {
  const prior = resolvePrior(config.prior);
  const nodes = quadratureNodes(config.quadrature);
  const logDensity = new Float64Array(nodes.length);
  const precision = 1 / (prior.sd * prior.sd);
  for (let q = 0; q < nodes.length; q++) {
    const deviation = (nodes[q] as number) - prior.mean;
    logDensity[q] = -0.5 * precision * deviation * deviation;
  }
  return { nodes, logDensity, D: resolveD(config.D), responses: 0, prior, history: null };
}

/** An independent copy (e.g. to look ahead at a hypothetical response). */
export function clonePosterior(grid: PosteriorGrid): PosteriorGrid {
  return {
    nodes: grid.nodes,
    logDensity: grid.logDensity.slice(),
    D: grid.D,
    responses: grid.responses,
    prior: grid.prior,
    history: grid.history,
  };
}

/**
 * Absorbs one scored response in place: logDensity[q] += log P(score | θ_q). Throws a RangeError for an invalid
 * item or score (checked once per call, never per node). `opts.D` overrides the grid's D for this response.
 */
export function updatePosterior(grid: PosteriorGrid, item: Item, score: number, opts?: ModelOptions): void {
  assertValidItem(item);
  assertValidScore(item, score);
  const D = opts?.D ?? grid.D;
  const { nodes, logDensity } = grid;
  const count = nodes.length;
  if (isPolytomous(item)) {
    const modelOptions: ModelOptions = { D };
    for (let q = 0; q < count; q++) {
      logDensity[q] = (logDensity[q] as number) + logProbability(item, score, nodes[q] as number, modelOptions);
    }
  } else {
    const c = lowerAsymptote(item);
    const d = upperAsymptote(item);
    for (let q = 0; q < count; q++) {
      logDensity[q] = (logDensity[q] as number) + logisticLogProbability(item.a, item.b, c, d, score, nodes[q] as number, D);
    }
  }
  grid.responses += 1;
  grid.history = { item, score, D, previous: grid.history };
}

/**
 * Posterior mean and SD (allocation-free on the usual path; the SD is summed about the mean, so it is never NaN).
 * When the SD on the grid is below the node spacing the grid cannot resolve the posterior (the rule's error grows
 * like exp(−2π²·SD²/step²)), so it is recomputed on finer grids around the mean (`refinedSummary`).
 */
export function posteriorSummary(grid: PosteriorGrid): PosteriorSummary {
  const coarse = summarize(grid.nodes, grid.logDensity);
  const nodes = grid.nodes;
  if (nodes.length < 2 || coarse.se >= (nodes[1] as number) - (nodes[0] as number)) return coarse;
  return refinedSummary(grid, coarse);
}

function summarize(nodes: Float64Array, logDensity: Float64Array): PosteriorSummary {
  const maxLog = maxOf(logDensity);
  let total = 0;
  let first = 0;
  for (let q = 0; q < nodes.length; q++) {
    const weight = exp((logDensity[q] as number) - maxLog);
    total += weight;
    first += weight * (nodes[q] as number);
  }
  const mean = first / total;
  let spread = 0;
  for (let q = 0; q < nodes.length; q++) {
    const deviation = (nodes[q] as number) - mean;
    spread += exp((logDensity[q] as number) - maxLog) * deviation * deviation;
  }
  return { theta: mean, se: sqrt(spread / total) };
}

const MAX_REFINEMENTS = 6;

/**
 * Re-evaluates log prior + Σ log P on the grid's number of nodes over mean ± max(8·SD, 2·step) (inside the
 * quadrature range), the previous pass's mean, SD and step, until the SD is at least the step. The window spans
 * at least two old steps each side, so a posterior the coarse grid saw on a single node is still covered.
 */
function refinedSummary(grid: PosteriorGrid, coarse: PosteriorSummary): PosteriorSummary {
  const { nodes, prior } = grid;
  const count = max(nodes.length, 3);
  const lowest = nodes[0] as number;
  const highest = nodes[nodes.length - 1] as number;
  const fine = new Float64Array(count);
  const logDensity = new Float64Array(count);
  const precision = 1 / (prior.sd * prior.sd);
  let summary = coarse;
  let step = (nodes[1] as number) - lowest;
  for (let pass = 0; pass < MAX_REFINEMENTS && summary.se < step; pass++) {
    const half = max(8 * summary.se, 2 * step);
    const from = max(lowest, summary.theta - half);
    const to = min(highest, summary.theta + half);
    step = (to - from) / (count - 1);
    for (let q = 0; q < count; q++) {
      const theta = from + q * step;
      const deviation = theta - prior.mean;
      let log = -0.5 * precision * deviation * deviation;
      for (let r = grid.history; r !== null; r = r.previous) log += logProbability(r.item, r.score, theta, { D: r.D });
      fine[q] = theta;
      logDensity[q] = log;
    }
    summary = summarize(fine, logDensity);
  }
  return summary;
}

/**
 * Normalised posterior weights w_q (Σ w_q = 1) at `grid.nodes`, written into `out` (allocated when omitted).
 * Posterior expectations are then Σ_q w_q f(θ_q): e.g. posterior-weighted KL or expected information.
 */
export function expectedPosteriorWeights(grid: PosteriorGrid, out?: Float64Array): Float64Array {
  const { logDensity } = grid;
  const weights = out ?? new Float64Array(logDensity.length);
  if (weights.length < logDensity.length) throw new RangeError('out is shorter than the grid');
  const maxLog = maxOf(logDensity);
  let total = 0;
  for (let q = 0; q < logDensity.length; q++) {
    const weight = exp((logDensity[q] as number) - maxLog);
    weights[q] = weight;
    total += weight;
  }
  for (let q = 0; q < logDensity.length; q++) weights[q] = (weights[q] as number) / total;
  return weights;
}

function maxOf(values: Float64Array): number {
  let max = -Infinity;
  for (let q = 0; q < values.length; q++) if ((values[q] as number) > max) max = values[q] as number;
  return max;
}
