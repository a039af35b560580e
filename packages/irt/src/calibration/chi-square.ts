// Upper tail of the chi-square distribution, P(X² ≥ x | df) = Q(df/2, x/2), the regularised upper incomplete gamma
// function (series below a + 1, Lentz continued fraction above; Numerical Recipes §6.2).

const { exp, log, abs } = Math;

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = c[0] as number;
  for (let i = 1; i < 9; i++) s += (c[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * log(2 * Math.PI) + (z + 0.5) * log(t) - t + log(s);
}

function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = -x + a * log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (abs(term) < abs(sum) * 1e-15) break;
    }
    return 1 - exp(front) * sum;
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 1000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (abs(delta - 1) < 1e-15) break;
  }
  return exp(front) * h;
}

/** P(X² ≥ x) for X² ~ χ²(df); 1 for x ≤ 0, NaN for df ≤ 0. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  return Math.min(1, Math.max(0, upperGamma(df / 2, x / 2)));
}
