import type { Estimate, EstimatorConfig, Item } from '../types';
import { resolveEstimatorConfig } from './config';
import { estimateEAP } from './eap';
import { estimateMAP } from './map';
import { estimateMLE } from './mle';
import { assertValidPattern } from './responses';
import { estimateWLE } from './wle';

/**
 * Ability estimate for a scored pattern (`items[i]` answered with `scores[i]`). Never NaN or ±Infinity:
 * EAP/MAP always exist under the normal prior (no items → the prior); MLE falls back to EAP (`fallback: 'EAP'`)
 * for empty or all-minimum/all-maximum patterns; WLE is finite by construction (empty pattern → EAP).
 * MLE/WLE/MAP are bounded to `config.bounds` (default [−6, 6]). Throws a RangeError for invalid input.
 */
export function estimateAbility(items: Item[], scores: number[], config: EstimatorConfig): Estimate {
  const resolved = resolveEstimatorConfig(config);
  assertValidPattern(items, scores);
  switch (resolved.method) {
    case 'EAP':
      return estimateEAP(items, scores, resolved);
    case 'MAP':
      return estimateMAP(items, scores, resolved);
    case 'MLE':
      return estimateMLE(items, scores, resolved);
    case 'WLE':
      return estimateWLE(items, scores, resolved);
    default:
      throw new RangeError(`unknown estimator method ${String(resolved.method)}`);
  }
}
