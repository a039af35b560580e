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

/** Structural item shape the references read (kept local so no model code from src/ is involved). */
export interface ReferenceItem {
  model: string;
  a: number;
  b?: number;
  c?: number;
  d?: number;
  thresholds?: number[];
}

/**
 * Category probabilities straight from the model definitions, in linear space: [Q, P] for 1PL–4PL (c used by
 * 3PL/4PL, d by 4PL), GRM differences of boundary curves P*_k − P*_{k+1}, GPCM exp(Σ_{v≤k} Da(θ − b_v)) / Σ.
 */
export function referenceCategoryProbabilities(item: ReferenceItem, theta: number, D = 1): number[] {
  const boundary = (b: number): number => 1 / (1 + Math.exp(-D * item.a * (theta - b)));
  if (item.model === 'GRM') {
    const cumulative = [1, ...(item.thresholds as number[]).map(boundary), 0];
    return cumulative.slice(0, -1).map((p, k) => p - (cumulative[k + 1] as number));
  }
  if (item.model === 'GPCM') {
    const numerators = [1];
    let sum = 0;
    for (const b of item.thresholds as number[]) {
      sum += D * item.a * (theta - b);
      numerators.push(Math.exp(sum));
    }
    const total = numerators.reduce((x, y) => x + y, 0);
    return numerators.map((n) => n / total);
  }
  const c = item.model === '3PL' || item.model === '4PL' ? (item.c ?? 0) : 0;
  const d = item.model === '4PL' ? (item.d ?? 1) : 1;
  const p = referenceLogistic(theta, item.a, item.b as number, c, d, D);
  return [1 - p, p];
}

/**
 * Warm's (1989) corrected score S(θ) + J(θ)/(2I(θ)) by brute force: every P_k from the model definition, P_k′ and
 * P_k″ by central finite differences, S = Σ_i P′_{i,x_i}/P_{i,x_i}, I = Σ_ik P_ik′²/P_ik, J = Σ_ik P_ik′P_ik″/P_ik.
 */
export function referenceWarmCorrectedScore(items: ReferenceItem[], scores: number[], theta: number, D = 1): number {
  const h = 1e-4;
  let score = 0;
  let information = 0;
  let j = 0;
  items.forEach((item, i) => {
    const p = referenceCategoryProbabilities(item, theta, D);
    const up = referenceCategoryProbabilities(item, theta + h, D);
    const down = referenceCategoryProbabilities(item, theta - h, D);
    p.forEach((pk, k) => {
      const first = ((up[k] as number) - (down[k] as number)) / (2 * h);
      const second = ((up[k] as number) - 2 * pk + (down[k] as number)) / (h * h);
      information += (first * first) / pk;
      j += (first * second) / pk;
      if (k === scores[i]) score += first / pk;
    });
  });
  return score + j / (2 * information);
}

/**
 * The roots of a function on [lower, upper] where it crosses from + to − (scan at `step`, then bisection to
 * 1e-12): the maxima of its antiderivative.
 */
export function downCrossings(f: (x: number) => number, lower: number, upper: number, step = 0.01): number[] {
  const roots: number[] = [];
  let left = lower;
  let fLeft = f(left);
  for (let right = lower + step; right <= upper + 1e-12; right += step) {
    const fRight = f(right);
    if (fLeft > 0 && fRight <= 0) {
      let lo = left;
      let hi = right;
      while (hi - lo > 1e-12) {
        const mid = 0.5 * (lo + hi);
        if (f(mid) > 0) lo = mid;
        else hi = mid;
      }
      roots.push(0.5 * (lo + hi));
    }
    left = right;
    fLeft = fRight;
  }
  return roots;
}
