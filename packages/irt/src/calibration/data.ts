// Compiles scored responses into the typed arrays the EM loop walks (grouped by tasker), once per calibration.

import { maxScore } from '../models/item';
import type { Item } from '../types';
import { CalibrationError, type CalibrationData } from './types';

export interface RawResponse {
  taskerId: string;
  itemId: string;
  score: number;
}

export interface CompiledResponses {
  data: CalibrationData;
  /** responses to items not in the item list (skipped) */
  unknownItems: number;
  /** repeated answers of one tasker to one item: only the first is used (local independence) */
  duplicates: number;
}

/** Missing-by-design data is the normal case: each tasker lists only the items they answered. */
export function compileResponses(items: readonly Item[], responses: readonly RawResponse[]): CompiledResponses {
  const itemIndex = new Map<string, number>();
  items.forEach((it, j) => itemIndex.set(it.id, j));
  const maxScores = items.map(maxScore);
  const byTasker = new Map<string, number[]>();
  let unknownItems = 0;
  let duplicates = 0;
  responses.forEach((r, k) => {
    const j = itemIndex.get(r.itemId);
    if (j === undefined) {
      unknownItems++;
      return;
    }
    if (!Number.isInteger(r.score) || r.score < 0 || r.score > (maxScores[j] as number))
      throw new CalibrationError('score', `${r.score} is outside 0..${maxScores[j]} for item ${r.itemId}`, k);
    let list = byTasker.get(r.taskerId);
    if (list === undefined) byTasker.set(r.taskerId, (list = []));
    list.push(k, j);
  });
  const taskerIds = [...byTasker.keys()];
  const start = new Int32Array(taskerIds.length + 1);
  const item: number[] = [];
  const score: number[] = [];
  taskerIds.forEach((id, i) => {
    const list = byTasker.get(id) as number[];
    const seen = new Set<number>();
    for (let m = 0; m < list.length; m += 2) {
      const j = list[m + 1] as number;
      if (seen.has(j)) {
        duplicates++;
        continue;
      }
      seen.add(j);
      item.push(j);
      score.push((responses[list[m] as number] as RawResponse).score);
    }
    start[i + 1] = item.length;
  });
  return { data: { taskerIds, start, item: Int32Array.from(item), score: Int32Array.from(score) }, unknownItems, duplicates };
}
