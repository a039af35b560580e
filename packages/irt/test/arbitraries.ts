// fast-check generators for random items, banks and response patterns (shared by the property tests).
import fc from 'fast-check';
import type { DichotomousItem, Item, PolytomousItem } from '../src/index';

const discrimination = fc.double({ min: 0.2, max: 3, noNaN: true });
const location = fc.double({ min: -3, max: 3, noNaN: true });

export const dichotomousItem: fc.Arbitrary<DichotomousItem> = fc
  .record({
    model: fc.constantFrom('1PL', '2PL', '3PL', '4PL') as fc.Arbitrary<DichotomousItem['model']>,
    a: discrimination,
    b: location,
    c: fc.double({ min: 0, max: 0.35, noNaN: true }),
    d: fc.double({ min: 0.8, max: 1, noNaN: true }),
  })
  .map(({ model, a, b, c, d }) => ({ id: 'd', model, a: model === '1PL' ? 1 : a, b, c, d }));

export const grmItem: fc.Arbitrary<PolytomousItem> = fc
  .record({ a: discrimination, start: location, gaps: fc.array(fc.double({ min: 0.05, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 5 }) })
  .map(({ a, start, gaps }) => {
    const thresholds: number[] = [];
    let b = start;
    for (const gap of gaps) {
      thresholds.push(b);
      b += gap;
    }
    return { id: 'g', model: 'GRM', a, thresholds };
  });

export const gpcmItem: fc.Arbitrary<PolytomousItem> = fc
  .record({ a: discrimination, thresholds: fc.array(location, { minLength: 1, maxLength: 5 }) })
  .map(({ a, thresholds }) => ({ id: 'p', model: 'GPCM', a, thresholds }));

export const anyItem: fc.Arbitrary<Item> = fc.oneof(dichotomousItem, dichotomousItem, grmItem, gpcmItem);

export const theta = fc.double({ min: -6, max: 6, noNaN: true });

/** A bank of up to `maxItems` items and a score pattern for it; a third of patterns are all-minimum or all-maximum. */
export function bankWithPattern(maxItems: number): fc.Arbitrary<{ items: Item[]; scores: number[] }> {
  // Length drawn uniformly first: fast-check's default array sizes stay small, and long patterns are the point.
  return fc
    .integer({ min: 0, max: maxItems })
    .chain((length) =>
      fc.array(fc.tuple(anyItem, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })), {
        minLength: length,
        maxLength: length,
      }),
    )
    .chain((pairs) =>
      fc.constantFrom('random', 'all-minimum', 'all-maximum').map((kind) => {
        const items = pairs.map(([item], i) => ({ ...item, id: `i${i}` }));
        const scores = pairs.map(([item, u]) => {
          const top = item.model === 'GRM' || item.model === 'GPCM' ? item.thresholds.length : 1;
          if (kind === 'all-minimum') return 0;
          if (kind === 'all-maximum') return top;
          return Math.floor(u * (top + 1));
        });
        return { items, scores };
      }),
    );
}
