import fc from 'fast-check';
import {
  estimateAbility,
  logLikelihood,
  testInformation,
  type EstimatorMethod,
  type Item,
} from '../src/index';
import { bankWithPattern } from './arbitraries';
import { derivative, referenceWarmCorrectedScore } from './reference';

const methods: EstimatorMethod[] = ['EAP', 'MAP', 'MLE', 'WLE'];

describe('estimator properties', () => {
  it.each(methods)('%s: finite estimate inside the bounds and a finite positive SE for every pattern (≤ 150 items)', (method) => {
    fc.assert(
      fc.property(bankWithPattern(150), fc.constantFrom(1, 1.702), ({ items, scores }, D) => {
        const estimate = estimateAbility(items, scores, { method, D });
        expect(Number.isFinite(estimate.theta)).toBe(true);
        expect(Number.isFinite(estimate.se)).toBe(true);
        expect(estimate.se).toBeGreaterThan(0);
        expect(Math.abs(estimate.theta)).toBeLessThanOrEqual(6);
        expect(estimate.method).toBe(method);
      }),
      { numRuns: 150 },
    );
  });

  // The stationarity condition of each point estimator, differentiated numerically, wherever the estimate is
  // interior (not on a bound) and not a fallback. WLE: Warm's corrected score S + J/(2I), brute force
  // (test/reference.ts), which is not the derivative of log L + ½·log I for 3PL/4PL/GRM items.
  const objectives: Record<'MAP' | 'MLE', (items: Item[], scores: number[], t: number) => number> = {
    MAP: (items, scores, t) => logLikelihood(items, scores, t) - (t * t) / 2,
    MLE: (items, scores, t) => logLikelihood(items, scores, t),
  };
  const stationarity = (method: 'MAP' | 'MLE' | 'WLE', items: Item[], scores: number[], t: number): number =>
    method === 'WLE'
      ? referenceWarmCorrectedScore(items, scores, t)
      : derivative((x) => objectives[method](items, scores, x), t);
  it.each(['MAP', 'MLE', 'WLE'] as const)('%s: its defining equation holds (numerically) at interior estimates', (method) => {
    fc.assert(
      fc.property(bankWithPattern(60), ({ items, scores }) => {
        const estimate = estimateAbility(items, scores, { method });
        if (estimate.fallback !== undefined || Math.abs(estimate.theta) > 5.99) return;
        const slope = stationarity(method, items, scores, estimate.theta);
        const scale = 1 + testInformation(items, estimate.theta);
        expect(Math.abs(slope) / scale).toBeLessThan(1e-5);
      }),
      { numRuns: 100 },
    );
  });
});
