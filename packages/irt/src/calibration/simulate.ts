// Seeded simulated responses for calibration tests and the benchmark: known parameters in, responses out.

import { categoryProbabilities } from '../models/item';
import type { Item, Rng } from '../types';
import type { RawResponse } from './data';

/** One score drawn from the item's category probabilities at θ. */
export function drawScore(item: Item, theta: number, rng: Rng, D = 1): number {
  const probs = categoryProbabilities(item, theta, { D });
  let u = rng();
  for (let k = 0; k < probs.length - 1; k++) {
    u -= probs[k] as number;
    if (u < 0) return k;
  }
  return probs.length - 1;
}

/** Each tasker `t${i}` answers the items `design(i)` names (indices into `items`): missing by design. */
export function simulateResponses(
  items: readonly Item[],
  thetas: ArrayLike<number>,
  design: (tasker: number) => readonly number[],
  rng: Rng,
  D = 1,
): RawResponse[] {
  const out: RawResponse[] = [];
  for (let i = 0; i < thetas.length; i++)
    for (const j of design(i)) {
      const item = items[j] as Item;
      out.push({ taskerId: `t${i}`, itemId: item.id, score: drawScore(item, thetas[i] as number, rng, D) });
    }
  return out;
}
