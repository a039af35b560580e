// The CAT engine's compiled-bank kernels must agree with the psychometric core (which is itself tested against
// independent references), for every model.
import fc from 'fast-check';
import {
  categoryProbabilities,
  categoryProbsAt,
  compileBank,
  infoAt,
  isPolytomous,
  itemInformation,
  logProbAt,
  logProbability,
  maxScore,
  probCorrectAt,
  probabilityCorrect,
  type DichotomousItem,
  type Item,
} from '../src/index';
import { anyItem } from './arbitraries';

describe('compiled kernels agree with the core models', () => {
  it('on the quadrature range: probabilities, log-probabilities and information', () => {
    fc.assert(
      fc.property(
        anyItem,
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.constantFrom(1, 1.702),
        (item, theta, D) => {
          const bank = compileBank([{ ...item, id: 'x' }]);
          const information = itemInformation(item, theta, { D });
          expect(Math.abs(infoAt(bank, 0, theta, D) - information)).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, information));
          const expected = categoryProbabilities(item, theta, { D });
          const out = new Float64Array(maxScore(item) + 1);
          categoryProbsAt(bank, 0, theta, D, out);
          for (let k = 0; k <= maxScore(item); k++) {
            expect(Math.abs((out[k] as number) - (expected[k] as number))).toBeLessThanOrEqual(1e-12);
            const logP = logProbability(item, k, theta, { D });
            expect(Math.abs(logProbAt(bank, 0, theta, k, D) - logP)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logP)));
          }
          if (!isPolytomous(item)) {
            expect(Math.abs(probCorrectAt(bank, 0, theta, D) - probabilityCorrect(item, theta, { D }))).toBeLessThanOrEqual(1e-14);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('far in the tails (θ = ±30) log-probabilities match an independent reference to the last digits', () => {
    fc.assert(
      fc.property(anyItem, fc.constantFrom(-30, 30), fc.constantFrom(1, 1.702), (item, theta, D) => {
        const bank = compileBank([{ ...item, id: 'x' }]);
        const out = new Float64Array(maxScore(item) + 1);
        categoryProbsAt(bank, 0, theta, D, out);
        for (let k = 0; k <= maxScore(item); k++) {
          const reference = referenceLogProbability(item, k, theta, D);
          expect(Number.isFinite(reference)).toBe(true);
          expect(Math.abs(logProbAt(bank, 0, theta, k, D) - reference)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(reference)));
          expect(Math.abs((out[k] as number) - Math.exp(reference))).toBeLessThanOrEqual(1e-12 * Math.max(1e-300, Math.exp(reference)) + 1e-300);
        }
        const information = infoAt(bank, 0, theta, D);
        expect(information).toBeGreaterThanOrEqual(0);
        expect(Math.abs(information - itemInformation(item, theta, { D }))).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, information));
      }),
      { numRuns: 400 },
    );
  });

  it('GRM middle categories far above every boundary keep their size (no P*_k − P*_{k+1} cancellation)', () => {
    const item: Item = { id: 'g', model: 'GRM', a: 1.5, thresholds: [-1, 0, 1] };
    const bank = compileBank([item]);
    // P_1 = σ(−z_2) − σ(−z_1) ≈ e^{−z_2} − e^{−z_1} at θ = 30: about e^{−45}, far above the old 1e-300 floor
    const z1 = 1.5 * 31;
    const z2 = 1.5 * 30;
    const expected = -z2 + Math.log1p(-Math.exp(z2 - z1));
    expect(logProbAt(bank, 0, 30, 1, 1)).toBeCloseTo(expected, 9);
  });

  it('far from every item (θ = ±40) log-probabilities stay finite', () => {
    fc.assert(
      fc.property(anyItem, fc.constantFrom(-40, 40), (item, theta) => {
        const bank = compileBank([{ ...item, id: 'x' }]);
        for (let k = 0; k <= maxScore(item); k++) expect(Number.isFinite(logProbAt(bank, 0, theta, k, 1))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * log P(score | θ) from the model definitions, independent of src/: each probability is formed as a difference
 * only where the difference does not cancel (GRM: from the upper tails σ(−z) when both boundaries are above ½),
 * and the GPCM by log-sum-exp. Accurate for |D·a·(θ − b)| up to a few hundred.
 */
function referenceLogProbability(item: Item, score: number, theta: number, D: number): number {
  const sigma = (z: number) => 1 / (1 + Math.exp(-z));
  if (item.model === 'GRM') {
    const z = item.thresholds.map((b) => D * item.a * (theta - b));
    const lower = z[score - 1]; // boundary below the category (undefined: P* = 1)
    const upper = z[score]; // boundary above (undefined: P* = 0)
    if (lower === undefined) return Math.log(sigma(-(upper as number)));
    if (upper === undefined) return Math.log(sigma(lower));
    return Math.log(upper > 0 ? sigma(-upper) - sigma(-lower) : sigma(lower) - sigma(upper));
  }
  if (item.model === 'GPCM') {
    const eta = [0];
    for (const b of item.thresholds) eta.push((eta.at(-1) as number) + D * item.a * (theta - b));
    const top = Math.max(...eta);
    return (eta[score] as number) - top - Math.log(eta.reduce((acc, e) => acc + Math.exp(e - top), 0));
  }
  const { model, a, b, c: c0, d: d0 } = item as DichotomousItem;
  const c = model === '3PL' || model === '4PL' ? (c0 ?? 0) : 0;
  const d = model === '4PL' ? (d0 ?? 1) : 1;
  const z = D * a * (theta - b);
  return Math.log(score === 1 ? c + (d - c) * sigma(z) : 1 - d + (d - c) * sigma(-z));
}
