// The two measurement updates of the tracker. Both take the (already aged) prior belief.
import { categoryProbabilitiesInto, maxScore } from '../models/item';
import type { Item } from '../types';
import type { TrackerConfig } from './config';
import type { Belief } from './state';

/**
 * A direct Gaussian measurement (a quality signal, or any estimate with its own SE): the normal-normal conjugate
 * update, precision-weighted. Exact, no grid.
 */
export function measurementUpdate(prior: Belief, measurement: Belief, config: Pick<TrackerConfig, 'minSe'>): Belief {
  const p0 = 1 / (prior.se * prior.se);
  const p1 = 1 / (measurement.se * measurement.se);
  const precision = p0 + p1;
  return { theta: (p0 * prior.theta + p1 * measurement.theta) / precision, se: Math.max(config.minSe, Math.sqrt(1 / precision)) };
}

/** Reusable scratch arrays so the replay loop allocates nothing per response. */
export interface GridScratch {
  nodes: Float64Array;
  weights: Float64Array;
  probs: Float64Array;
}

export function gridScratch(config: Pick<TrackerConfig, 'gridPoints'>): GridScratch {
  return { nodes: new Float64Array(config.gridPoints), weights: new Float64Array(config.gridPoints), probs: new Float64Array(64) };
}

type GridConfig = Pick<TrackerConfig, 'gridPoints' | 'gridHalfWidth' | 'minSe'>;

/** Fills the scratch with the prior on a grid over mean ± halfWidth·SD (unnormalised normal weights). */
function priorOnGrid(prior: Belief, config: GridConfig, s: GridScratch): void {
  const n = config.gridPoints;
  const step = (2 * config.gridHalfWidth) / (n - 1);
  for (let k = 0; k < n; k++) {
    const z = -config.gridHalfWidth + k * step;
    s.nodes[k] = prior.theta + z * prior.se;
    s.weights[k] = Math.exp(-0.5 * z * z);
  }
}

function multiplyLikelihood(item: Item, score: number, config: GridConfig, s: GridScratch): void {
  for (let k = 0; k < config.gridPoints; k++) {
    categoryProbabilitiesInto(item, s.nodes[k]!, s.probs);
    s.weights[k]! *= s.probs[score]!;
  }
}

/** Mean and SD of the weighted grid, as a Gaussian (moment matching: the filter stays Gaussian). */
function momentsOf(config: GridConfig, s: GridScratch): Belief {
  let w = 0;
  let m = 0;
  for (let k = 0; k < config.gridPoints; k++) {
    w += s.weights[k]!;
    m += s.weights[k]! * s.nodes[k]!;
  }
  m /= w;
  let v = 0;
  for (let k = 0; k < config.gridPoints; k++) {
    const d = s.nodes[k]! - m;
    v += s.weights[k]! * d * d;
  }
  return { theta: m, se: Math.max(config.minSe, Math.sqrt(v / w)) };
}

/**
 * Item responses: the exact posterior of the prior × the IRT likelihood on a grid (EAP), then summarised as a Gaussian
 * by its mean and SD. All responses of a batch (a quiz) are taken at one time, so they share one prior.
 */
export function responsesUpdate(prior: Belief, items: readonly Item[], scores: readonly number[], config: GridConfig, scratch?: GridScratch): Belief {
  if (items.length !== scores.length) throw new RangeError(`items (${items.length}) and scores (${scores.length}) differ in length`);
  if (items.length === 0) return prior;
  const s = scratch ?? gridScratch(config);
  priorOnGrid(prior, config, s);
  for (let j = 0; j < items.length; j++) multiplyLikelihood(items[j]!, scores[j]!, config, s);
  return momentsOf(config, s);
}

/** The predictive probability of the full score, ∫ P(max | θ) N(θ; prior) dθ, on the same grid. */
export function predictFullScore(prior: Belief, item: Item, config: GridConfig, scratch?: GridScratch): number {
  const s = scratch ?? gridScratch(config);
  priorOnGrid(prior, config, s);
  const top = maxScore(item);
  let w = 0;
  let p = 0;
  for (let k = 0; k < config.gridPoints; k++) {
    categoryProbabilitiesInto(item, s.nodes[k]!, s.probs);
    w += s.weights[k]!;
    p += s.weights[k]! * s.probs[top]!;
  }
  return p / w;
}
