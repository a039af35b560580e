// Muraki's (1992) generalized partial credit model:
//   P_k(θ) ∝ exp(η_k),  η_0 = 0,  η_k = Σ_{v=1..k} D·a·(θ − b_v),  k = 0..K.
// Because log P_k = η_k − logΣexp(η) is linear in θ up to the normaliser, every derivative is a moment of the
// score distribution: d log P_k/dθ = Da(k − m), d² log P_k/dθ² = −D²a²·Var, I = D²a²·Var, I′ = D³a³·μ₃.
// Moments are taken in central form (two passes) so Var never comes out negative by cancellation.
import type { PolytomousItem } from '../types';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { exp, log } = Math;

interface ScoreMoments {
  logNormaliser: number;
  mean: number;
  variance: number;
  thirdCentral: number;
}

/** Reused scratch result: these functions are not re-entrant, which is fine for single-threaded JS. */
const moments: ScoreMoments = { logNormaliser: 0, mean: 0, variance: 0, thirdCentral: 0 };

function computeMoments(item: PolytomousItem, theta: number, D: number): ScoreMoments {
  const slope = D * item.a;
  const thresholds = item.thresholds;
  let eta = 0;
  let maxEta = 0;
  for (const b of thresholds) {
    eta += slope * (theta - b);
    if (eta > maxEta) maxEta = eta;
  }
  let total = exp(-maxEta);
  let weightedScore = 0;
  eta = 0;
  for (let k = 1; k <= thresholds.length; k++) {
    eta += slope * (theta - (thresholds[k - 1] as number));
    const weight = exp(eta - maxEta);
    total += weight;
    weightedScore += k * weight;
  }
  const mean = weightedScore / total;
  let second = mean * mean * exp(-maxEta);
  let third = -mean * mean * mean * exp(-maxEta);
  eta = 0;
  for (let k = 1; k <= thresholds.length; k++) {
    eta += slope * (theta - (thresholds[k - 1] as number));
    const weight = exp(eta - maxEta);
    const deviation = k - mean;
    second += deviation * deviation * weight;
    third += deviation * deviation * deviation * weight;
  }
  moments.logNormaliser = maxEta + log(total);
  moments.mean = mean;
  moments.variance = second / total;
  moments.thirdCentral = third / total;
  return moments;
}

/** Category probabilities P_0..P_K into `out` (length ≥ K + 1). */
export function gpcmCategoryProbabilitiesInto(
  item: PolytomousItem,
  theta: number,
  D: number,
  out: number[] | Float64Array,
): void {
  const slope = D * item.a;
  const { logNormaliser } = computeMoments(item, theta, D);
  let eta = 0;
  out[0] = exp(-logNormaliser);
  for (let k = 1; k <= item.thresholds.length; k++) {
    eta += slope * (theta - (item.thresholds[k - 1] as number));
    out[k] = exp(eta - logNormaliser);
  }
}

export function gpcmLogProbability(item: PolytomousItem, score: number, theta: number, D: number): number {
  const slope = D * item.a;
  let eta = 0;
  for (let k = 0; k < score; k++) eta += slope * (theta - (item.thresholds[k] as number));
  return eta - computeMoments(item, theta, D).logNormaliser;
}

export function gpcmLogDerivative(item: PolytomousItem, score: number, theta: number, D: number): number {
  return D * item.a * (score - computeMoments(item, theta, D).mean);
}

export function gpcmLogSecondDerivative(item: PolytomousItem, _score: number, theta: number, D: number): number {
  return -gpcmInformation(item, theta, D);
}

export function gpcmInformation(item: PolytomousItem, theta: number, D: number): number {
  const slope = D * item.a;
  return slope * slope * computeMoments(item, theta, D).variance;
}

export function gpcmInformationDerivative(item: PolytomousItem, theta: number, D: number): number {
  const slope = D * item.a;
  return slope * slope * slope * computeMoments(item, theta, D).thirdCentral;
}

/**
 * Warm's (1989) J(θ) = Σ_k P_k′ P_k″ / P_k. The GPCM is an exponential family in θ (d² log P_k/dθ² = −I for every
 * k, and E[d log P/dθ] = 0), so J = Σ_k P_k g_k (g_k² − I) = E[g³] = dI/dθ.
 */
export function gpcmWarmJ(item: PolytomousItem, theta: number, D: number): number {
  return gpcmInformationDerivative(item, theta, D);
}

export function gpcmExpectedScore(item: PolytomousItem, theta: number, D: number): number {
  return computeMoments(item, theta, D).mean;
}
