// Numerically stable scalar helpers shared by every model. No allocation: these sit on the hot path.

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { exp, expm1, log, log1p, LN2 } = Math;

/** σ(z) = 1 / (1 + e^−z), computed without overflow for any z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

/** log σ(z) = −log(1 + e^−z), exact in the tails (−|z| for very negative z, −e^−z for very positive z). */
export function logSigmoid(z: number): number {
  return z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z));
}

/** log(1 − e^x) for x < 0 (Mächler 2012): expm1 near 0, log1p in the tail, so neither branch cancels. */
export function log1mExp(x: number): number {
  return x > -LN2 ? log(-expm1(x)) : log1p(-exp(x));
}
