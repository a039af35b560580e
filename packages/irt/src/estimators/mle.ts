// Bounded maximum likelihood. Policy for patterns without a finite maximiser — no items, or every score at its
// minimum / maximum — is to return the EAP estimate under the configured prior with `fallback: 'EAP'`. The same
// fallback applies when the maximiser on `bounds` sits on a bound (odd 3PL/4PL patterns, items far outside the
// bounds): the bound is an artefact of the interval, not an estimate, and its SE can be astronomically large.
import type { Estimate, Item } from '../types';
import { logLikelihood, scoreDerivative, scoreFunction, testInformation } from '../models/likelihood';
import type { ResolvedEstimatorConfig } from './config';
import { estimateEAP } from './eap';
import { maximizeOnInterval } from './optimize';
import { isExtremePattern } from './responses';

export function estimateMLE(items: Item[], scores: number[], config: ResolvedEstimatorConfig): Estimate {
  if (isExtremePattern(items, scores)) return fallBackToEAP(items, scores, config, 'MLE');
  const options = { D: config.D };
  const theta = maximizeOnInterval(
    {
      value: (t) => logLikelihood(items, scores, t, options),
      slope: (t) => scoreFunction(items, scores, t, options),
      curvature: (t) => scoreDerivative(items, scores, t, options),
    },
    config.bounds[0],
    config.bounds[1],
  );
  return withInformationSE(items, scores, theta, config, 'MLE');
}

/**
 * SE = 1/√I(θ̂). Falls back to EAP when θ̂ is on a bound (no interior maximiser/root: the likelihood still rises
 * past the bound) or when I(θ̂) is 0 (an infinite SE).
 */
export function withInformationSE(
  items: Item[],
  scores: number[],
  theta: number,
  config: ResolvedEstimatorConfig,
  method: 'MLE' | 'WLE',
): Estimate {
  const onBound = theta <= config.bounds[0] || theta >= config.bounds[1];
  const se = 1 / Math.sqrt(testInformation(items, theta, { D: config.D }));
  if (onBound || !Number.isFinite(se) || !Number.isFinite(theta)) return fallBackToEAP(items, scores, config, method);
  return { theta, se, method };
}

export function fallBackToEAP(
  items: Item[],
  scores: number[],
  config: ResolvedEstimatorConfig,
  method: 'MLE' | 'WLE',
): Estimate {
  const eap = estimateEAP(items, scores, config);
  return { theta: eap.theta, se: eap.se, method, fallback: 'EAP' };
}
