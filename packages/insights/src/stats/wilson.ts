// The Wilson score interval for a proportion x/n (Wilson 1927): unlike p ± z·SE it stays inside [0, 1] and keeps
// close to its nominal coverage at small n and at rates near 0 or 1, which is where error rates live.

/** two-sided 95%: the standard normal 0.975 quantile */
export const Z_95 = 1.959963984540054;

export interface Proportion {
  /** successes (here: responses that made the error) */
  x: number;
  n: number;
  /** x / n (0 when n = 0) */
  p: number;
  /** 95% Wilson interval ([0, 1] when n = 0: nothing is known) */
  lo: number;
  hi: number;
}

export function wilson(x: number, n: number, z: number = Z_95): Proportion {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) throw new Error(`wilson: need integers 0 ≤ x ≤ n (got ${x}/${n})`);
  if (n === 0) return { x, n, p: 0, lo: 0, hi: 1 };
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { x, n, p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
