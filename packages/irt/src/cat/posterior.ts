// The CAT engine's view of the EAP grid posterior. The posterior math itself — the grid, the update, the mean/SD
// and the normalised weights — is the estimators' (src/estimators/posterior.ts); this file only caches, per
// normalised config, the quadrature nodes and each skill's prior grid, and absorbs responses of compiled items.

import { clonePosterior, createPosterior, quadratureNodes, updatePosterior, type PosteriorGrid } from '../estimators/posterior';
import type { Item, NormalPrior } from '../types';
import type { CompiledBank } from './compiled';
import type { NormalizedConfig } from './config';

const nodeCache = new WeakMap<NormalizedConfig, Float64Array>();
const priorCache = new WeakMap<NormalizedConfig, Map<string, PosteriorGrid>>();

/** The config's quadrature nodes (cached; do not mutate). */
export function nodesFor(cfg: NormalizedConfig): Float64Array {
  let nodes = nodeCache.get(cfg);
  if (!nodes) {
    nodes = quadratureNodes(cfg.estimator.quadrature);
    nodeCache.set(cfg, nodes);
  }
  return nodes;
}

export function priorFor(cfg: NormalizedConfig, skill: string): NormalPrior {
  return cfg.priors[skill] ?? cfg.estimator.prior;
}

/** The skill's prior as a grid (cached and shared: never update it; `clonePosterior` first). */
export function priorGrid(cfg: NormalizedConfig, skill: string): PosteriorGrid {
  let m = priorCache.get(cfg);
  if (!m) {
    m = new Map();
    priorCache.set(cfg, m);
  }
  let grid = m.get(skill);
  if (!grid) {
    grid = createPosterior({ prior: priorFor(cfg, skill), quadrature: cfg.estimator.quadrature, D: cfg.D });
    m.set(skill, grid);
  }
  return grid;
}

/** A copy of `grid` with the response `score` to compiled item i absorbed (the input grid is not modified). */
export function withResponse(grid: PosteriorGrid, bank: CompiledBank, i: number, score: number): PosteriorGrid {
  const next = clonePosterior(grid);
  updatePosterior(next, bank.items[i] as Item, score);
  return next;
}

/** The skill's posterior rebuilt from the prior: `items` are compiled indices (all of this skill), `scores` aligned. */
export function rebuildPosterior(
  cfg: NormalizedConfig,
  bank: CompiledBank,
  skill: string,
  items: readonly number[],
  scores: readonly number[],
): PosteriorGrid {
  const grid = clonePosterior(priorGrid(cfg, skill));
  for (let k = 0; k < items.length; k++) updatePosterior(grid, bank.items[items[k] as number] as Item, scores[k] as number);
  return grid;
}
