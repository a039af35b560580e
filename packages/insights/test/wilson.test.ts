// The Wilson interval against published values: Newcombe (1998), "Two-sided confidence intervals for the single
// proportion", Statistics in Medicine 17:857–872, Table I, method 3 (score interval without continuity correction).
import { wilson } from '@theta/insights';

test.each([
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
])('%i/%i → [%f, %f] (Newcombe 1998, Table I)', (x, n, lo, hi) => {
  const w = wilson(x, n);
  expect(w.lo).toBeCloseTo(lo, 4);
  expect(w.hi).toBeCloseTo(hi, 4);
  expect(w.p).toBeCloseTo(x / n, 12);
});

test('x = n stays inside [0, 1]; n = 0 says nothing is known', () => {
  expect(wilson(20, 20).hi).toBe(1);
  expect(wilson(0, 0)).toEqual({ x: 0, n: 0, p: 0, lo: 0, hi: 1 });
});

test('impossible counts are refused', () => {
  expect(() => wilson(3, 2)).toThrow(/0 ≤ x ≤ n/);
  expect(() => wilson(-1, 2)).toThrow();
  expect(() => wilson(0.5, 2)).toThrow();
});
