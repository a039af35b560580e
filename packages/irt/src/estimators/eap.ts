// Expected a posteriori (Bock & Mislevy 1982): posterior mean and SD on the quadrature grid.
import type { Estimate, Item } from '../types';
import type { ResolvedEstimatorConfig } from './config';
import { createPosterior, posteriorSummary, updatePosterior } from './posterior';

export function estimateEAP(items: Item[], scores: number[], config: ResolvedEstimatorConfig): Estimate {
  const grid = createPosterior(config);
  for (let i = 0; i < items.length; i++) updatePosterior(grid, items[i] as Item, scores[i] as number);
  const { theta, se } = posteriorSummary(grid);
  return { theta, se, method: 'EAP' };
}
