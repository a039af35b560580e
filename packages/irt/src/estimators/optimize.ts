// Safeguarded one-dimensional maximisation on a closed interval, shared by MAP, MLE and WLE.
//
// 1. Scan the objective on a coarse grid and keep the best node: 3PL likelihoods can be bimodal, and a local
//    method started in the wrong basin would stop at the lesser mode.
// 2. Bracket a root of the slope next to that node (slope > 0 on the left end, < 0 on the right end).
// 3. Refine: Newton–Raphson with step halving when a curvature is available, falling back to bisection whenever
//    the Newton step leaves the bracket or cannot be taken (curvature ≥ 0); Brent's root finder otherwise.
// If the slope never changes sign next to the best node, the maximum is on the interval's end, which is returned:
// the estimators are bounded by construction.

export interface UnivariateObjective {
  value(theta: number): number;
  slope(theta: number): number;
  /** second derivative; omit to refine with Brent's method on the slope */
  curvature?(theta: number): number;
}

export interface MaximizeOptions {
  /** spacing of the initial scan; default 0.1 */
  scanStep?: number;
  /** absolute tolerance on θ; default 1e-10 */
  tolerance?: number;
}

const MAX_ITERATIONS = 100;
const MAX_HALVINGS = 30;

export function maximizeOnInterval(
  objective: UnivariateObjective,
  lower: number,
  upper: number,
  options: MaximizeOptions = {},
): number {
  const nodes = scanNodes(lower, upper, options.scanStep);
  const values = nodes.map((theta) => objective.value(theta));
  const bestIndex = indexOfMax(values);
  const root = refineFromScan(objective, nodes, values, bestIndex, options.tolerance ?? 1e-10);
  // Refinement only ever moves uphill from the scan, but guard against a rounding-level regression anyway.
  return objective.value(root) >= (values[bestIndex] as number) ? root : (nodes[bestIndex] as number);
}

/** The scan's nodes: equally spaced over [lower, upper] (spacing ≤ `scanStep`, default 0.1), both ends included. */
export function scanNodes(lower: number, upper: number, scanStep = 0.1): number[] {
  const segments = Math.max(2, Math.ceil((upper - lower) / scanStep));
  const step = (upper - lower) / segments;
  return Array.from({ length: segments + 1 }, (_, i) => (i === segments ? upper : lower + i * step));
}

export function indexOfMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/**
 * Steps 2–3 above from the best scan node: the root of the slope in the cell next to it, or the better end of
 * that cell when the slope does not change sign there (the interval's end when the slope points outward).
 * `values[i]` is the objective at `nodes[i]`; `objective.value` is only needed with a curvature (step halving).
 */
export function refineFromScan(
  objective: Pick<UnivariateObjective, 'slope' | 'curvature'> & Partial<Pick<UnivariateObjective, 'value'>>,
  nodes: readonly number[],
  values: readonly number[],
  bestIndex: number,
  tolerance = 1e-10,
): number {
  const last = nodes.length - 1;
  const best = nodes[bestIndex] as number;
  const slopeAtBest = objective.slope(best);
  if (slopeAtBest === 0) return best;
  // The maximum lies on the side the slope points to, within one scan step (or on the interval's end).
  const leftIndex = slopeAtBest > 0 ? bestIndex : Math.max(bestIndex - 1, 0);
  const rightIndex = slopeAtBest > 0 ? Math.min(bestIndex + 1, last) : bestIndex;
  if (leftIndex === rightIndex) return best; // best is an end of the interval and the slope points outward
  const left = nodes[leftIndex] as number;
  const right = nodes[rightIndex] as number;
  const slopeLeft = slopeAtBest > 0 ? slopeAtBest : objective.slope(left);
  const slopeRight = slopeAtBest > 0 ? objective.slope(right) : slopeAtBest;
  if (!(slopeLeft > 0 && slopeRight < 0)) {
    // No sign change in this cell (flat or pathological): keep the better end.
    return (values[leftIndex] as number) >= (values[rightIndex] as number) ? left : right;
  }
  return objective.curvature === undefined || objective.value === undefined
    ? brentRoot(objective.slope, left, right, slopeLeft, slopeRight, tolerance)
    : newtonInBracket(objective as UnivariateObjective, best, left, right, tolerance);
}

/** Newton–Raphson on the slope inside [left, right] (slope(left) > 0 > slope(right)), with step halving and bisection. */
function newtonInBracket(
  objective: UnivariateObjective,
  start: number,
  left: number,
  right: number,
  tolerance: number,
): number {
  const curvature = objective.curvature as (theta: number) => number;
  let lo = left;
  let hi = right;
  let theta = start;
  let slope = objective.slope(theta);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const second = curvature(theta);
    let next: number;
    let fullNewtonStep = false;
    if (second < 0 && Number.isFinite(second)) {
      let step = -slope / second;
      next = theta + step;
      if (next <= lo || next >= hi) {
        next = 0.5 * (lo + hi); // bracket fallback
      } else {
        // Halve while the objective drops by more than rounding noise (near the optimum it cannot rise visibly).
        const current = objective.value(theta);
        const noise = 1e-14 * (1 + Math.abs(current));
        fullNewtonStep = true;
        for (let halving = 0; halving < MAX_HALVINGS && objective.value(next) < current - noise; halving++) {
          step *= 0.5;
          next = theta + step;
          fullNewtonStep = false;
        }
      }
    } else {
      next = 0.5 * (lo + hi); // not locally concave: Newton would head for a minimum
    }
    const nextSlope = objective.slope(next);
    if (nextSlope > 0) lo = next;
    else if (nextSlope < 0) hi = next;
    else return next;
    const moved = Math.abs(next - theta);
    theta = next;
    slope = nextSlope;
    // A converged Newton step is quadratically accurate; a halved one only says the step was shortened.
    if ((fullNewtonStep && moved <= tolerance) || hi - lo <= tolerance) return theta;
  }
  return theta;
}

/** Brent's (1973) root finder for a decreasing slope bracketed by [a, b]; `fa` > 0 > `fb`. */
function brentRoot(
  f: (theta: number) => number,
  a0: number,
  b0: number,
  fa0: number,
  fb0: number,
  tolerance: number,
): number {
  let a = a0;
  let b = b0;
  let fa = fa0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation, or secant when only two distinct points are known.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = half;
        e = d;
      }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : half > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
