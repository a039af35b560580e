// Samejima's (1969) graded response model. Boundary curves P*_k(θ) = σ(z_k), z_k = D·a·(θ − b_k), k = 1..K,
// with P*_0 = 1 and P*_{K+1} = 0; category probability P_k = P*_k − P*_{k+1}.
//
// Stable forms used below (s_k = σ(z_k), t_k = σ(−z_k); t_0 = 0 and s_{K+1} = 0 by the boundary convention):
//   P_k           = s_k · t_{k+1} · (1 − e^{z_{k+1} − z_k})       (no cancellation when both curves are near 1)
//   d log P_k/dθ  = D·a·(t_k − s_{k+1})                           (the last factor above is constant in θ)
//   d² log P_k/dθ² = −D²a²·(s_k t_k + s_{k+1} t_{k+1})
//   I(θ)          = −E[d² log P/dθ²] = D²a² Σ_{k=1..K} s_k t_k (P_{k−1} + P_k)
// All loops carry the previous boundary instead of allocating.
import type { PolytomousItem } from '../types';
import { log1mExp, logSigmoid, sigmoid } from './logistic';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { expm1 } = Math;

/**
 * Walks the categories k = 0..K once, carrying the boundary below (z_0 = +∞: s = 1, t = 0) and computing the one
 * above (z_{K+1} = −∞: s = 0, t = 1), and returns Σ_k term(P_k, s_k, t_k, s_{k+1}, t_{k+1}, D·a).
 * P_k = t_1 (k = 0), s_K (k = K), s_k·t_{k+1}·(1 − e^{z_{k+1} − z_k}) otherwise, also written to `out[k]` when
 * `out` is given. The one category walk behind the probabilities, the information and its derivative.
 */
function sumOverCategories(
  item: PolytomousItem,
  theta: number,
  D: number,
  term: (p: number, lowerS: number, lowerT: number, upperS: number, upperT: number, slope: number) => number,
  out?: number[] | Float64Array,
): number {
  const slope = D * item.a;
  const thresholds = item.thresholds;
  let sum = 0;
  let lowerZ = Infinity;
  let lowerS = 1;
  let lowerT = 0;
  for (let k = 0; k <= thresholds.length; k++) {
    const upperB = thresholds[k];
    const upperZ = upperB === undefined ? -Infinity : slope * (theta - upperB);
    const upperS = upperB === undefined ? 0 : sigmoid(upperZ);
    const upperT = upperB === undefined ? 1 : sigmoid(-upperZ);
    const probability =
      k === 0 ? upperT : upperB === undefined ? lowerS : lowerS * upperT * -expm1(upperZ - lowerZ);
    if (out) out[k] = probability;
    sum += term(probability, lowerS, lowerT, upperS, upperT, slope);
    lowerZ = upperZ;
    lowerS = upperS;
    lowerT = upperT;
  }
  return sum;
}

/** Category probabilities P_0..P_K into `out` (length ≥ K + 1). */
export function grmCategoryProbabilitiesInto(item: PolytomousItem, theta: number, D: number, out: number[] | Float64Array): void {
  sumOverCategories(item, theta, D, noTerm, out);
}

export function grmLogProbability(item: PolytomousItem, score: number, theta: number, D: number): number {
  const slope = D * item.a;
  const lower = item.thresholds[score - 1];
  const upper = item.thresholds[score];
  if (lower === undefined) return upper === undefined ? 0 : logSigmoid(-slope * (theta - upper));
  const zLower = slope * (theta - lower);
  if (upper === undefined) return logSigmoid(zLower);
  const zUpper = slope * (theta - upper);
  return logSigmoid(zLower) + logSigmoid(-zUpper) + log1mExp(zUpper - zLower);
}

export function grmLogDerivative(item: PolytomousItem, score: number, theta: number, D: number): number {
  const slope = D * item.a;
  const lower = item.thresholds[score - 1];
  const upper = item.thresholds[score];
  const tLower = lower === undefined ? 0 : sigmoid(-slope * (theta - lower));
  const sUpper = upper === undefined ? 0 : sigmoid(slope * (theta - upper));
  return slope * (tLower - sUpper);
}

export function grmLogSecondDerivative(item: PolytomousItem, score: number, theta: number, D: number): number {
  const slope = D * item.a;
  const lower = item.thresholds[score - 1];
  const upper = item.thresholds[score];
  return -slope * slope * (boundaryWeight(slope, lower, theta) + boundaryWeight(slope, upper, theta));
}

/** I = D²a² Σ_k P_k (w_k + w_{k+1}), w = s·t of the boundaries around category k. */
export function grmInformation(item: PolytomousItem, theta: number, D: number): number {
  const slope = D * item.a;
  return slope * slope * sumOverCategories(item, theta, D, informationTerm);
}

/** dI/dθ = Σ_k P_k (g_k³ + 2 g_k h_k) with g, h the first and second derivatives of log P_k. */
export function grmInformationDerivative(item: PolytomousItem, theta: number, D: number): number {
  return sumOverCategories(item, theta, D, informationDerivativeTerm);
}

/**
 * Warm's (1989) J(θ) = Σ_k P_k′ P_k″ / P_k = Σ_k P_k·g_k·(g_k² + h_k), since P′/P = g and P″/P = g² + h (g, h the
 * first and second derivatives of log P_k). Not dI/dθ = Σ_k P_k (g_k³ + 2 g_k h_k): the GRM is not an exponential
 * family in θ.
 */
export function grmWarmJ(item: PolytomousItem, theta: number, D: number): number {
  return sumOverCategories(item, theta, D, warmJTerm);
}

function warmJTerm(p: number, lowerS: number, lowerT: number, upperS: number, upperT: number, slope: number): number {
  const g = slope * (lowerT - upperS);
  const h = -slope * slope * (lowerS * lowerT + upperS * upperT);
  return p * g * (g * g + h);
}

function noTerm(): number {
  return 0;
}

function informationTerm(p: number, lowerS: number, lowerT: number, upperS: number, upperT: number): number {
  return p * (lowerS * lowerT + upperS * upperT);
}

function informationDerivativeTerm(
  p: number,
  lowerS: number,
  lowerT: number,
  upperS: number,
  upperT: number,
  slope: number,
): number {
  const g = slope * (lowerT - upperS);
  const h = -slope * slope * (lowerS * lowerT + upperS * upperT);
  return p * (g * g * g + 2 * g * h);
}

/** Expected score Σ_k k·P_k = Σ_{k=1..K} P*_k. */
export function grmExpectedScore(item: PolytomousItem, theta: number, D: number): number {
  const slope = D * item.a;
  let sum = 0;
  for (const b of item.thresholds) sum += sigmoid(slope * (theta - b));
  return sum;
}

function boundaryWeight(slope: number, threshold: number | undefined, theta: number): number {
  if (threshold === undefined) return 0;
  const z = slope * (theta - threshold);
  return sigmoid(z) * sigmoid(-z);
}
