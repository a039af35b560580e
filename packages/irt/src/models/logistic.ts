// Numerically stable scalar helpers shared by every model. No allocation: these sit on the hot path.

/** σ(z) = 1 / (1 + e^−z), computed without overflow for any z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log σ(z) = −log(1 + e^−z), exact in the tails (−|z| for very negative z, −e^−z for very positive z). */
export function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** log(1 − e^x) for x < 0 (Mächler 2012): expm1 near 0, log1p in the tail, so neither branch cancels. */
export function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
