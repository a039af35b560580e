import fc from 'fast-check';
import { categoryProbabilities, expectedScore, itemInformation, maxScore, probabilityCorrect } from '../src/index';
import { anyItem, dichotomousItem, grmItem, theta } from './arbitraries';

const runs = { numRuns: 500 };

describe('model properties', () => {
  it('every category probability is in (0, 1) and they sum to 1', () => {
    fc.assert(
      fc.property(anyItem, theta, (item, t) => {
        const p = categoryProbabilities(item, t);
        expect(p).toHaveLength(maxScore(item) + 1);
        for (const pk of p) {
          expect(pk).toBeGreaterThan(0);
          expect(pk).toBeLessThan(1);
        }
        expect(p.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      }),
      runs,
    );
  });

  it('P(correct) is in (0, 1) and non-decreasing in θ', () => {
    fc.assert(
      fc.property(dichotomousItem, theta, theta, (item, t1, t2) => {
        const [low, high] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const pLow = probabilityCorrect(item, low);
        expect(pLow).toBeGreaterThan(0);
        expect(probabilityCorrect(item, high)).toBeLessThan(1);
        expect(probabilityCorrect(item, high)).toBeGreaterThanOrEqual(pLow);
      }),
      runs,
    );
  });

  it('the expected score is non-decreasing in θ for every model', () => {
    fc.assert(
      fc.property(anyItem, theta, theta, (item, t1, t2) => {
        const [low, high] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(expectedScore(item, high)).toBeGreaterThanOrEqual(expectedScore(item, low) - 1e-12);
      }),
      runs,
    );
  });

  it('GRM cumulative probabilities P(X ≥ k) decrease in k and increase in θ', () => {
    fc.assert(
      fc.property(grmItem, theta, theta, (item, t1, t2) => {
        const [low, high] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const atLeast = (t: number) => {
          const p = categoryProbabilities(item, t);
          return p.map((_, k) => p.slice(k).reduce((x, y) => x + y, 0));
        };
        const lowCumulative = atLeast(low);
        const highCumulative = atLeast(high);
        for (let k = 1; k < lowCumulative.length; k++) {
          expect(lowCumulative[k]).toBeLessThanOrEqual((lowCumulative[k - 1] as number) + 1e-12);
          expect(highCumulative[k]).toBeGreaterThanOrEqual((lowCumulative[k] as number) - 1e-12);
        }
      }),
      runs,
    );
  });

  it('information is finite and non-negative', () => {
    fc.assert(
      fc.property(anyItem, fc.double({ min: -1e4, max: 1e4, noNaN: true }), (item, t) => {
        const info = itemInformation(item, t);
        expect(Number.isFinite(info)).toBe(true);
        expect(info).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
  });
});
