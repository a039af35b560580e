// Independent reference formulas for the tests, written directly from the textbook definitions in plain
// linear space (no shared code with src/), plus numeric-differentiation helpers.

/** Logistic ICC straight from the definition: c + (d − c) / (1 + e^{−D a (θ − b)}). */
export function referenceLogistic(theta: number, a: number, b: number, c = 0, d = 1, D = 1): number {
  return c + (d - c) / (1 + Math.exp(-D * a * (theta - b)));
}

/** Central first difference. */
export function derivative(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Central second difference. */
export function secondDerivative(f: (x: number) => number, x: number, h = 1e-4): number {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

/** Composite Simpson's rule with `points` (odd) nodes on [lower, upper]. */
export function simpson(f: (x: number) => number, lower: number, upper: number, points = 2001): number {
  if (points % 2 === 0) throw new Error('Simpson needs an odd number of points');
  const h = (upper - lower) / (points - 1);
  let sum = f(lower) + f(upper);
  for (let i = 1; i < points - 1; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lower + i * h);
  return (sum * h) / 3;
}
