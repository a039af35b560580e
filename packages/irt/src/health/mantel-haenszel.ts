// Mantel–Haenszel DIF over the strata of a matching variable (Holland & Thayer 1988), with the ETS delta scale and
// its A/B/C classes (Zwick 2012). Pure arithmetic on 2×2×K tables: the tests check it against hand-computed values.

import { chiSquareSurvival } from '../calibration/chi-square';
import type { MantelHaenszelResult } from './types';

/** One stratum: right/wrong counts of the reference and the focal group. */
export interface StratumTable {
  refRight: number;
  refWrong: number;
  focalRight: number;
  focalWrong: number;
}

/** z of a one-sided test at α = .05: "|Δ| significantly greater than 1" for class C. */
export const ONE_SIDED_Z_05 = 1.6448536269514722;

/**
 * ETS classes: A = |Δ| < 1 or the MH chi-square not significant at .05; C = |Δ| ≥ 1.5 and |Δ| significantly
 * greater than 1 ((|Δ| − 1)/SE > 1.645); B = the rest.
 */
export function etsClass(delta: number, deltaSe: number, p: number): 'A' | 'B' | 'C' {
  const size = Math.abs(delta);
  if (!Number.isFinite(size) || size < 1 || !(p < 0.05)) return 'A';
  if (size >= 1.5 && (size - 1) / deltaSe > ONE_SIDED_Z_05) return 'C';
  return 'B';
}

export function mantelHaenszel(tables: readonly StratumTable[]): MantelHaenszelResult {
  let R = 0; // Σ A D / T
  let S = 0; // Σ B C / T
  let sumPR = 0;
  let sumPSQR = 0;
  let sumQS = 0;
  let observed = 0;
  let expected = 0;
  let variance = 0;
  let strata = 0;
  for (const t of tables) {
    const A = t.refRight;
    const B = t.refWrong;
    const C = t.focalRight;
    const D = t.focalWrong;
    const nRef = A + B;
    const nFocal = C + D;
    const T = nRef + nFocal;
    // a stratum with one group only carries no comparison
    if (nRef === 0 || nFocal === 0 || T < 2) continue;
    strata++;
    const right = A + C;
    const wrong = B + D;
    const Rk = (A * D) / T;
    const Sk = (B * C) / T;
    const Pk = (A + D) / T;
    const Qk = (B + C) / T;
    R += Rk;
    S += Sk;
    sumPR += Pk * Rk;
    sumPSQR += Pk * Sk + Qk * Rk;
    sumQS += Qk * Sk;
    observed += A;
    expected += (nRef * right) / T;
    variance += (nRef * nFocal * right * wrong) / (T * T * (T - 1));
  }
  const alpha = R / S;
  const delta = -2.35 * Math.log(alpha);
  // Robins, Breslow & Greenland (1986) variance of ln α_MH
  const varLog = sumPR / (2 * R * R) + sumPSQR / (2 * R * S) + sumQS / (2 * S * S);
  const deltaSe = 2.35 * Math.sqrt(varLog);
  const gap = Math.max(0, Math.abs(observed - expected) - 0.5);
  const chiSquare = variance > 0 ? (gap * gap) / variance : NaN;
  const p = Number.isFinite(chiSquare) ? chiSquareSurvival(chiSquare, 1) : NaN;
  return { alpha, delta, deltaSe, chiSquare, p, strata, etsClass: etsClass(delta, deltaSe, p) };
}
