// Test-level sums over items. Everything is accumulated in log space, so hundreds of items never underflow.
import type { Item, ModelOptions } from '../types';
import {
  itemInformation,
  itemInformationDerivative,
  itemWarmJ,
  logProbability,
  logProbabilityDerivative,
  logProbabilitySecondDerivative,
} from './item';

/** log L(θ) = Σ_i log P_i(scores[i] | θ). `items` and `scores` are parallel arrays. */
export function logLikelihood(items: Item[], scores: number[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) sum += logProbability(items[i] as Item, scores[i] as number, theta, opts);
  return sum;
}

/** Score function d log L/dθ. */
export function scoreFunction(items: Item[], scores: number[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    sum += logProbabilityDerivative(items[i] as Item, scores[i] as number, theta, opts);
  }
  return sum;
}

/** d² log L/dθ² (negative of the observed information). */
export function scoreDerivative(items: Item[], scores: number[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    sum += logProbabilitySecondDerivative(items[i] as Item, scores[i] as number, theta, opts);
  }
  return sum;
}

/** Observed information −d² log L/dθ². */
export function observedInformation(items: Item[], scores: number[], theta: number, opts?: ModelOptions): number {
  return -scoreDerivative(items, scores, theta, opts);
}

/** Test (Fisher) information I(θ) = Σ_i I_i(θ). */
export function testInformation(items: Item[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (const item of items) sum += itemInformation(item, theta, opts);
  return sum;
}

/** dI/dθ of the whole test. */
export function testInformationDerivative(items: Item[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (const item of items) sum += itemInformationDerivative(item, theta, opts);
  return sum;
}

/** Warm's J(θ) of the whole test, Σ_i J_i(θ) (see `itemWarmJ`). */
export function testWarmJ(items: Item[], theta: number, opts?: ModelOptions): number {
  let sum = 0;
  for (const item of items) sum += itemWarmJ(item, theta, opts);
  return sum;
}
