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
            // Where the engine forms P in linear space, log P is only as good as P's relative precision.
            if ((expected[k] as number) >= 1e-8) {
              expect(Math.abs(logProbAt(bank, 0, theta, k, D) - logProbability(item, k, theta, { D }))).toBeLessThanOrEqual(1e-6);
            }
          }
          if (!isPolytomous(item)) {
            expect(Math.abs(probCorrectAt(bank, 0, theta, D) - probabilityCorrect(item, theta, { D }))).toBeLessThanOrEqual(1e-14);
          }
        },
      ),
      { numRuns: 500 },
    );
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
