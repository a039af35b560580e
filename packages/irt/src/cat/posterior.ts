// Grid (quadrature) log-posterior over the compiled bank: the EAP engine of a CAT step.
// One Float64Array of `points` log-densities per skill; an update adds log P(score | θ_q) at every node.

import type { NormalPrior } from '../types';
import { logProbAt, type CompiledBank } from './compiled';
import type { NormalizedConfig } from './config';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { exp, sqrt } = Math;

const nodeCache = new WeakMap<NormalizedConfig, Float64Array>();
const priorCache = new WeakMap<NormalizedConfig, Map<string, Float64Array>>();

export function quadratureNodes(cfg: NormalizedConfig): Float64Array {
  let nodes = nodeCache.get(cfg);
  if (!nodes) {
    const { points, min, max } = cfg.estimator.quadrature;
    nodes = new Float64Array(points);
    const h = (max - min) / (points - 1);
    for (let q = 0; q < points; q++) nodes[q] = min + q * h;
    nodeCache.set(cfg, nodes);
  }
  return nodes;
}

export function priorFor(cfg: NormalizedConfig, skill: string): NormalPrior {
  return cfg.priors[skill] ?? cfg.estimator.prior;
}

/** log prior density (up to a constant) at the nodes; shared, do not mutate */
export function logPriorFor(cfg: NormalizedConfig, skill: string): Float64Array {
  let m = priorCache.get(cfg);
  if (!m) {
    m = new Map();
    priorCache.set(cfg, m);
  }
  let lp = m.get(skill);
  if (!lp) {
    const nodes = quadratureNodes(cfg);
    const { mean, sd } = priorFor(cfg, skill);
    lp = new Float64Array(nodes.length);
    for (let q = 0; q < nodes.length; q++) {
      const z = ((nodes[q] as number) - mean) / sd;
      lp[q] = -0.5 * z * z;
    }
    m.set(skill, lp);
  }
  return lp;
}

/** Add log P(score | θ_q) of item i to a log-posterior, in place. */
export function addResponse(
  logPost: Float64Array,
  nodes: Float64Array,
  bank: CompiledBank,
  i: number,
  score: number,
  D: number,
): void {
  for (let q = 0; q < nodes.length; q++) logPost[q] = (logPost[q] as number) + logProbAt(bank, i, nodes[q] as number, score, D);
}

/** Posterior mean and SD from a log-posterior on the nodes. */
export function summarizeLogPosterior(logPost: Float64Array, nodes: Float64Array): { theta: number; se: number } {
  let mx = Number.NEGATIVE_INFINITY;
  for (let q = 0; q < logPost.length; q++) if ((logPost[q] as number) > mx) mx = logPost[q] as number;
  let s0 = 0;
  let s1 = 0;
  for (let q = 0; q < logPost.length; q++) {
    const w = exp((logPost[q] as number) - mx);
    s0 += w;
    s1 += w * (nodes[q] as number);
  }
  const mean = s1 / s0;
  let s2 = 0;
  for (let q = 0; q < logPost.length; q++) {
    const w = exp((logPost[q] as number) - mx);
    const dd = (nodes[q] as number) - mean;
    s2 += w * dd * dd;
  }
  return { theta: mean, se: sqrt(s2 / s0) };
}

/** Normalised posterior weights (sum 1) into `out`; returns `out`. */
export function posteriorWeights(logPost: Float64Array, out: Float64Array): Float64Array {
  let mx = Number.NEGATIVE_INFINITY;
  for (let q = 0; q < logPost.length; q++) if ((logPost[q] as number) > mx) mx = logPost[q] as number;
  let s = 0;
  for (let q = 0; q < logPost.length; q++) {
    const w = exp((logPost[q] as number) - mx);
    out[q] = w;
    s += w;
  }
  for (let q = 0; q < logPost.length; q++) out[q] = (out[q] as number) / s;
  return out;
}
