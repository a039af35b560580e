// 1PL/2PL/3PL/4PL logistic items: P(θ) = c + (d − c)·σ(D·a·(θ − b)).
//
// Every quantity is written in terms of s = σ(z) and t = σ(−z) (each computed directly, never as 1 − the other)
// and the ratios r = s/P, q = t/Q, which stay finite even where P or Q underflow. That keeps log-probabilities,
// derivatives and information finite for any θ. The scalar `logistic*` functions take plain numbers so a
// compiled bank (typed arrays) can call them on the hot path without allocating.
import type { DichotomousItem, ModelOptions } from '../types';
import { logSigmoid, sigmoid } from './logistic';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { abs, exp, log } = Math;

export const DEFAULT_D = 1;

/** Lower asymptote c: used by 3PL/4PL only (the model tag wins over a stray field). */
export function lowerAsymptote(item: DichotomousItem): number {
  return item.model === '3PL' || item.model === '4PL' ? (item.c ?? 0) : 0;
}

/** Upper asymptote d: used by 4PL only. */
export function upperAsymptote(item: DichotomousItem): number {
  return item.model === '4PL' ? (item.d ?? 1) : 1;
}

/** P(correct | θ) for raw parameters. */
export function logisticProbability(a: number, b: number, c: number, d: number, theta: number, D: number): number {
  return c + (d - c) * sigmoid(D * a * (theta - b));
}

/** [Q, P] into out[0], out[1], each from its own stable form: Q = (1 − d) + (d − c)·σ(−z), never 1 − P. */
export function logisticProbabilitiesInto(
  a: number,
  b: number,
  c: number,
  d: number,
  theta: number,
  D: number,
  out: number[] | Float64Array,
): void {
  const z = D * a * (theta - b);
  out[1] = c + (d - c) * sigmoid(z);
  out[0] = 1 - d + (d - c) * sigmoid(-z);
}

/** log P(score | θ), score ∈ {0, 1}. */
export function logisticLogProbability(
  a: number,
  b: number,
  c: number,
  d: number,
  score: number,
  theta: number,
  D: number,
): number {
  const z = D * a * (theta - b);
  if (score === 1) {
    // c = 0: P = d·σ(z), so take log σ(z) directly; c > 0: P ≥ c, no underflow possible.
    return c > 0 ? log(c + (d - c) * sigmoid(z)) : log(d) + logSigmoid(z);
  }
  // Q = (1 − d) + (d − c)·σ(−z); d = 1: Q = (1 − c)·σ(−z).
  return d < 1 ? log(1 - d + (d - c) * sigmoid(-z)) : log(1 - c) + logSigmoid(-z);
}

/** d/dθ log P(score | θ). */
export function logisticLogDerivative(
  a: number,
  b: number,
  c: number,
  d: number,
  score: number,
  theta: number,
  D: number,
): number {
  const { slope, span, s, t } = logisticParts(a, b, c, d, theta, D);
  if (score === 1) return slope * span * t * ratioSOverP(s, c, d);
  return -slope * span * s * ratioTOverQ(t, c, d);
}

/** d²/dθ² log P(score | θ). */
export function logisticLogSecondDerivative(
  a: number,
  b: number,
  c: number,
  d: number,
  score: number,
  theta: number,
  D: number,
): number {
  const { slope, span, s, t } = logisticParts(a, b, c, d, theta, D);
  if (score === 1) {
    const r = ratioSOverP(s, c, d);
    return slope * slope * span * t * r * (t - s - span * t * r);
  }
  const q = ratioTOverQ(t, c, d);
  return -slope * slope * span * s * q * (t - s + span * s * q);
}

/** Fisher information P′²/(PQ) (Birnbaum's formula generalised to 4PL); 2PL: D²a²PQ. */
export function logisticInformation(a: number, b: number, c: number, d: number, theta: number, D: number): number {
  const slope = D * a;
  const z = slope * (theta - b);
  const e = exp(-abs(z));
  const inv = 1 / (1 + e);
  const s = z >= 0 ? inv : e * inv;
  const t = z >= 0 ? e * inv : inv;
  if (c === 0 && d === 1) return slope * slope * s * t;
  const span = d - c;
  return slope * slope * span * span * s * t * ratioSOverP(s, c, d) * ratioTOverQ(t, c, d);
}

/** dI/dθ. */
export function logisticInformationDerivative(
  a: number,
  b: number,
  c: number,
  d: number,
  theta: number,
  D: number,
): number {
  const { slope, span, s, t } = logisticParts(a, b, c, d, theta, D);
  const r = ratioSOverP(s, c, d);
  const q = ratioTOverQ(t, c, d);
  const p = c + span * s;
  const qq = 1 - d + span * t;
  return slope * slope * slope * span * span * s * t * r * q * (2 * (t - s) - span * r * q * (qq - p));
}

/**
 * Warm's (1989) J(θ) = P′P″/(PQ), the numerator of the WLE bias correction J/(2I). With P′ = D·a·(d − c)·s·t and
 * P″ = (D·a)²·(d − c)·s·t·(t − s): J = (D·a)³·(d − c)²·s·t·(t − s)·(s/P)·(t/Q). Equals dI/dθ only for c = 0, d = 1.
 */
export function logisticWarmJ(a: number, b: number, c: number, d: number, theta: number, D: number): number {
  const { slope, span, s, t } = logisticParts(a, b, c, d, theta, D);
  return slope * slope * slope * span * span * s * t * (t - s) * ratioSOverP(s, c, d) * ratioTOverQ(t, c, d);
}

/** Reused scratch result of `logisticParts` (not re-entrant, which is fine for single-threaded JS). */
const parts = { slope: 0, span: 0, s: 0, t: 0 };

/** The pieces every derivative is written in: slope D·a, span d − c, s = σ(z) and t = σ(−z), z = D·a·(θ − b). */
function logisticParts(a: number, b: number, c: number, d: number, theta: number, D: number): typeof parts {
  const z = D * a * (theta - b);
  parts.slope = D * a;
  parts.span = d - c;
  parts.s = sigmoid(z);
  parts.t = sigmoid(-z);
  return parts;
}

/** s / P with P = c + (d − c)s; c = 0 gives exactly 1/d even when s underflows to 0. */
function ratioSOverP(s: number, c: number, d: number): number {
  return c > 0 ? s / (c + (d - c) * s) : 1 / d;
}

/** t / Q with Q = (1 − d) + (d − c)t; d = 1 gives exactly 1/(1 − c) even when t underflows to 0. */
function ratioTOverQ(t: number, c: number, d: number): number {
  return d < 1 ? t / (1 - d + (d - c) * t) : 1 / (1 - c);
}

// ---- item-level API -------------------------------------------------------------------------------------

/** P(correct | θ) for a 1PL/2PL/3PL/4PL item; D defaults to 1 (logistic metric). */
export function probabilityCorrect(item: DichotomousItem, theta: number, opts?: ModelOptions): number {
  return logisticProbability(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), theta, opts?.D ?? DEFAULT_D);
}

export function dichotomousLogProbability(item: DichotomousItem, score: number, theta: number, D: number): number {
  return logisticLogProbability(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), score, theta, D);
}

export function dichotomousLogDerivative(item: DichotomousItem, score: number, theta: number, D: number): number {
  return logisticLogDerivative(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), score, theta, D);
}

export function dichotomousLogSecondDerivative(
  item: DichotomousItem,
  score: number,
  theta: number,
  D: number,
): number {
  return logisticLogSecondDerivative(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), score, theta, D);
}

export function dichotomousInformation(item: DichotomousItem, theta: number, D: number): number {
  return logisticInformation(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), theta, D);
}

export function dichotomousInformationDerivative(item: DichotomousItem, theta: number, D: number): number {
  return logisticInformationDerivative(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), theta, D);
}

export function dichotomousWarmJ(item: DichotomousItem, theta: number, D: number): number {
  return logisticWarmJ(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), theta, D);
}
