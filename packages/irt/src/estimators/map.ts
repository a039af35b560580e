// Maximum a posteriori: argmax of log L(θ) − (θ − μ)²/(2σ²) on the search bounds.
// The normal prior makes the log posterior coercive, so the mode exists for every pattern (all-correct and
// all-wrong included); it is clamped to `bounds` like the other point estimators.
import type { Estimate, Item } from '../types';
import { logLikelihood, scoreDerivative, scoreFunction, testInformation } from '../models/likelihood';
import type { ResolvedEstimatorConfig } from './config';
import { maximizeOnInterval } from './optimize';

export function estimateMAP(items: Item[], scores: number[], config: ResolvedEstimatorConfig): Estimate {
  const { prior, D } = config;
  const precision = 1 / (prior.sd * prior.sd);
  const options = { D };
  const theta = maximizeOnInterval(
    {
      value: (t) => logLikelihood(items, scores, t, options) - 0.5 * precision * (t - prior.mean) * (t - prior.mean),
      slope: (t) => scoreFunction(items, scores, t, options) - precision * (t - prior.mean),
      curvature: (t) => scoreDerivative(items, scores, t, options) - precision,
    },
    config.bounds[0],
    config.bounds[1],
  );
  // Posterior precision ≥ prior precision > 0, so the SE is always finite.
  const se = 1 / Math.sqrt(testInformation(items, theta, options) + precision);
  return { theta, se, method: 'MAP' };
}
