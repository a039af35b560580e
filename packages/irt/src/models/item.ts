// Model-agnostic item functions: one switch on the item's model, then the model file does the math.
import type { DichotomousItem, Item, ModelOptions, PolytomousItem } from '../types';
import {
  DEFAULT_D,
  dichotomousInformation,
  dichotomousInformationDerivative,
  dichotomousLogDerivative,
  dichotomousLogProbability,
  dichotomousLogSecondDerivative,
  dichotomousWarmJ,
  logisticProbabilitiesInto,
  lowerAsymptote,
  probabilityCorrect,
  upperAsymptote,
} from './dichotomous';
import {
  gpcmCategoryProbabilitiesInto,
  gpcmExpectedScore,
  gpcmInformation,
  gpcmInformationDerivative,
  gpcmLogDerivative,
  gpcmLogProbability,
  gpcmLogSecondDerivative,
  gpcmWarmJ,
} from './gpcm';
import {
  grmCategoryProbabilitiesInto,
  grmExpectedScore,
  grmInformation,
  grmInformationDerivative,
  grmLogDerivative,
  grmLogProbability,
  grmLogSecondDerivative,
  grmWarmJ,
} from './grm';

export function isPolytomous(item: Item): item is PolytomousItem {
  return item.model === 'GRM' || item.model === 'GPCM';
}

/** Highest score: 1 for dichotomous items, K (number of thresholds) for polytomous items. */
export function maxScore(item: Item): number {
  return isPolytomous(item) ? item.thresholds.length : 1;
}

/** P(score = k | θ) for k = 0..maxScore(item); [1 − P, P] for dichotomous items. Always sums to 1. */
export function categoryProbabilities(item: Item, theta: number, opts?: ModelOptions): number[] {
  const out = new Array<number>(maxScore(item) + 1);
  categoryProbabilitiesInto(item, theta, out, opts);
  return out;
}

/** Allocation-free form of `categoryProbabilities`: writes maxScore(item) + 1 values into `out`. */
export function categoryProbabilitiesInto(
  item: Item,
  theta: number,
  out: number[] | Float64Array,
  opts?: ModelOptions,
): void {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      grmCategoryProbabilitiesInto(item, theta, D, out);
      return;
    case 'GPCM':
      gpcmCategoryProbabilitiesInto(item, theta, D, out);
      return;
    default:
      // Q from its own stable formula, not 1 − P, so it stays exact when P rounds to 1.
      logisticProbabilitiesInto(item.a, item.b, lowerAsymptote(item), upperAsymptote(item), theta, D, out);
  }
}

/** log P(score | θ); finite for every θ and every valid item and score. */
export function logProbability(item: Item, score: number, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmLogProbability(item, score, theta, D);
    case 'GPCM':
      return gpcmLogProbability(item, score, theta, D);
    default:
      return dichotomousLogProbability(item, score, theta, D);
  }
}

/** d/dθ log P(score | θ): this item's contribution to the score function. */
export function logProbabilityDerivative(item: Item, score: number, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmLogDerivative(item, score, theta, D);
    case 'GPCM':
      return gpcmLogDerivative(item, score, theta, D);
    default:
      return dichotomousLogDerivative(item, score, theta, D);
  }
}

/** d²/dθ² log P(score | θ). */
export function logProbabilitySecondDerivative(item: Item, score: number, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmLogSecondDerivative(item, score, theta, D);
    case 'GPCM':
      return gpcmLogSecondDerivative(item, score, theta, D);
    default:
      return dichotomousLogSecondDerivative(item, score, theta, D);
  }
}

/** Fisher information of one item at θ (closed forms: 4PL Birnbaum-type, GRM Samejima, GPCM D²a²·Var). */
export function itemInformation(item: Item, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmInformation(item, theta, D);
    case 'GPCM':
      return gpcmInformation(item, theta, D);
    default:
      return dichotomousInformation(item, theta, D);
  }
}

/** dI/dθ of one item. */
export function itemInformationDerivative(item: Item, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmInformationDerivative(item, theta, D);
    case 'GPCM':
      return gpcmInformationDerivative(item, theta, D);
    default:
      return dichotomousInformationDerivative(item, theta, D);
  }
}

/**
 * Warm's (1989) J(θ) = Σ_k P_k′(θ)·P_k″(θ)/P_k(θ) of one item (dichotomous: P′P″/(PQ)), the numerator of the WLE
 * bias correction J/(2I). It equals dI/dθ for 1PL/2PL and GPCM items only.
 */
export function itemWarmJ(item: Item, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmWarmJ(item, theta, D);
    case 'GPCM':
      return gpcmWarmJ(item, theta, D);
    default:
      return dichotomousWarmJ(item, theta, D);
  }
}

/** E[score | θ]: P for dichotomous items, Σ k·P_k for polytomous items. */
export function expectedScore(item: Item, theta: number, opts?: ModelOptions): number {
  const D = opts?.D ?? DEFAULT_D;
  switch (item.model) {
    case 'GRM':
      return grmExpectedScore(item, theta, D);
    case 'GPCM':
      return gpcmExpectedScore(item, theta, D);
    default:
      return probabilityCorrect(item, theta, opts);
  }
}

/**
 * Why an item's parameters are unusable, or undefined when they are fine. Requires finite a > 0 (every
 * estimator's all-correct/all-wrong policy relies on P increasing in θ), 0 ≤ c < d ≤ 1, and for GRM strictly
 * increasing thresholds (equal boundaries would make a category impossible: log P = −∞).
 */
export function itemParameterProblem(item: Item): string | undefined {
  if (!Number.isFinite(item.a) || item.a <= 0) return `item ${item.id}: discrimination a must be finite and > 0`;
  if (isPolytomous(item)) {
    if (item.thresholds.length === 0) return `item ${item.id}: a polytomous item needs at least one threshold`;
    for (let k = 0; k < item.thresholds.length; k++) {
      const threshold = item.thresholds[k] as number;
      if (!Number.isFinite(threshold)) return `item ${item.id}: thresholds must be finite`;
      if (item.model === 'GRM' && k > 0 && threshold <= (item.thresholds[k - 1] as number)) {
        return `item ${item.id}: GRM thresholds must be strictly increasing`;
      }
    }
    return undefined;
  }
  return dichotomousParameterProblem(item);
}

function dichotomousParameterProblem(item: DichotomousItem): string | undefined {
  if (!Number.isFinite(item.b)) return `item ${item.id}: difficulty b must be finite`;
  const c = item.c ?? 0;
  const d = item.d ?? 1;
  if (!(c >= 0 && c < d && d <= 1)) return `item ${item.id}: asymptotes must satisfy 0 ≤ c < d ≤ 1`;
  return undefined;
}

/** Throws a RangeError naming the item when its parameters are unusable. */
export function assertValidItem(item: Item): void {
  const problem = itemParameterProblem(item);
  if (problem !== undefined) throw new RangeError(problem);
}

/** Throws a RangeError unless `score` is an integer in 0..maxScore(item). */
export function assertValidScore(item: Item, score: number): void {
  if (!Number.isInteger(score) || score < 0 || score > maxScore(item)) {
    throw new RangeError(`item ${item.id}: score ${score} is not an integer in 0..${maxScore(item)}`);
  }
}
