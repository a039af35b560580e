// Warm's (1989) weighted likelihood: the root of the bias-corrected score  S(θ) + I′(θ)/(2I(θ)) = 0, found as the
// maximiser of log L(θ) + ½·log I(θ) (whose derivative is exactly that corrected score).
// Policy: the WLE is finite by construction for all-correct and all-wrong patterns — I(θ) → 0 in both tails, so
// ½·log I(θ) → −∞ while log L stays bounded — and is clamped to `bounds`. No fallback for those patterns; only
// an empty pattern (nothing to weight) or a zero information at the estimate falls back to EAP.
import type { Estimate, Item } from '../types';
import { logLikelihood, scoreFunction, testInformation, testInformationDerivative } from '../models/likelihood';
import type { ResolvedEstimatorConfig } from './config';
import { fallBackToEAP, withInformationSE } from './mle';
import { maximizeOnInterval } from './optimize';

export function estimateWLE(items: Item[], scores: number[], config: ResolvedEstimatorConfig): Estimate {
  if (items.length === 0) return fallBackToEAP(items, scores, config, 'WLE');
  const options = { D: config.D };
  const theta = maximizeOnInterval(
    {
      value: (t) => logLikelihood(items, scores, t, options) + 0.5 * Math.log(testInformation(items, t, options)),
      slope: (t) =>
        scoreFunction(items, scores, t, options) +
        testInformationDerivative(items, t, options) / (2 * testInformation(items, t, options)),
    },
    config.bounds[0],
    config.bounds[1],
  );
  return withInformationSE(items, scores, theta, config, 'WLE');
}
