// Warm's (1989) weighted likelihood estimate: the root of the bias-corrected score
//   ψ(θ) = S(θ) + J(θ)/(2I(θ)),   J = Σ_i Σ_k P_ik′ P_ik″ / P_ik   (dichotomous: P′P″/(PQ)),
// as catR's "WL" method. J = I′ for 1PL/2PL and GPCM items (exponential families in θ), where ψ is the derivative of
// log L + ½·log I; for 3PL/4PL/GRM it is not, and ψ integrates to
//   Φ(θ) = log L(θ) + ½·log I(θ) + ∫ (J − I′)/(2I),
// the objective whose maximiser is the WLE. Φ is evaluated on the scan nodes only (the integral of the smooth,
// bounded remainder by Simpson's rule per scan cell) to pick the global mode when ψ has several roots (3PL); the
// root itself is found on ψ exactly (Brent).
// Policy: the WLE is finite by construction for all-correct and all-wrong patterns — I(θ) → 0 in both tails, so
// ½·log I(θ) → −∞ while log L stays bounded — and is clamped to `bounds`. No fallback for those patterns; only
// an empty pattern (nothing to weight), a zero information at the estimate, or an estimate on a bound (the
// corrected score has no root inside `bounds`) falls back to EAP.
import type { Estimate, Item } from '../types';
import {
  logLikelihood,
  scoreFunction,
  testInformation,
  testInformationDerivative,
  testWarmJ,
} from '../models/likelihood';
import type { ResolvedEstimatorConfig } from './config';
import { fallBackToEAP, withInformationSE } from './mle';
import { indexOfMax, refineFromScan, scanNodes } from './optimize';

export function estimateWLE(items: Item[], scores: number[], config: ResolvedEstimatorConfig): Estimate {
  if (items.length === 0) return fallBackToEAP(items, scores, config, 'WLE');
  const options = { D: config.D };
  const information = (t: number): number => testInformation(items, t, options);
  const correctedScore = (t: number): number =>
    scoreFunction(items, scores, t, options) + testWarmJ(items, t, options) / (2 * information(t));
  // (J − I′)/(2I); 0 where I underflows (far tails, where ½·log I = −∞ decides anyway).
  const remainder = (t: number): number => {
    const i = information(t);
    const r = (testWarmJ(items, t, options) - testInformationDerivative(items, t, options)) / (2 * i);
    return Number.isFinite(r) ? r : 0;
  };
  const nodes = scanNodes(config.bounds[0], config.bounds[1]);
  const values = new Array<number>(nodes.length);
  let integral = 0;
  let previousRemainder = remainder(nodes[0] as number);
  for (let k = 0; k < nodes.length; k++) {
    const t = nodes[k] as number;
    if (k > 0) {
      const left = nodes[k - 1] as number;
      const here = remainder(t);
      integral += ((t - left) / 6) * (previousRemainder + 4 * remainder(0.5 * (left + t)) + here);
      previousRemainder = here;
    }
    values[k] = logLikelihood(items, scores, t, options) + 0.5 * Math.log(information(t)) + integral;
  }
  const theta = refineFromScan({ slope: correctedScore }, nodes, values, indexOfMax(values));
  return withInformationSE(items, scores, theta, config, 'WLE');
}
