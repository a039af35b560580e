// Input checks shared by the estimators, and the one property of a pattern the MLE policy needs.
import type { Item } from '../types';
import { assertValidItem, assertValidScore, maxScore } from '../models/item';

/** Throws a RangeError unless items and scores are parallel and every item and score is valid. */
export function assertValidPattern(items: Item[], scores: number[]): void {
  if (items.length !== scores.length) {
    throw new RangeError(`items (${items.length}) and scores (${scores.length}) must have the same length`);
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    assertValidItem(item);
    assertValidScore(item, scores[i] as number);
  }
}

/**
 * True when every score is the item's minimum (0) or every score is its maximum: the likelihood then increases
 * monotonically towards −∞ or +∞ (every model here has P increasing in θ), so no finite MLE exists.
 * An empty pattern counts as extreme (there is nothing to maximise).
 */
export function isExtremePattern(items: Item[], scores: number[]): boolean {
  let allMinimum = true;
  let allMaximum = true;
  for (let i = 0; i < items.length; i++) {
    const score = scores[i] as number;
    if (score !== 0) allMinimum = false;
    if (score !== maxScore(items[i] as Item)) allMaximum = false;
  }
  return allMinimum || allMaximum;
}
