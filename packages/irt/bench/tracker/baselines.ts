// The two baselines the tracker is judged against, in the replay's processing order.
import type { ResponseLogRecord } from '../../src/formats/response-log';
import { categoryProbabilitiesInto, maxScore } from '../../src/models/item';
import type { Item } from '../../src/types';

export interface Prediction {
  pCorrect: number;
  theta: number;
  /** undefined: the method has no uncertainty (Elo) */
  se?: number;
}

/**
 * Static: the exact all-history EAP with a N(0, 1) prior and no aging (every response ever counts the same),
 * on a fixed 121-point grid over [-6, 6]; predicted from the posterior before the response.
 */
export function staticEap(bank: ReadonlyMap<string, Item>, records: readonly ResponseLogRecord[]): Prediction[] {
  const nodes = Float64Array.from({ length: 121 }, (_, k) => -6 + k * 0.1);
  const logPost = new Map<string, Float64Array>();
  const probs = new Float64Array(16);
  const w = new Float64Array(nodes.length);
  return records.map((r) => {
    const item = bank.get(r.itemId)!;
    let lp = logPost.get(r.taskerId);
    if (!lp) {
      lp = Float64Array.from(nodes, (x) => -0.5 * x * x);
      logPost.set(r.taskerId, lp);
    }
    let max = -Infinity;
    for (let k = 0; k < nodes.length; k++) max = Math.max(max, lp[k]!);
    let sw = 0;
    let p = 0;
    for (let k = 0; k < nodes.length; k++) {
      w[k] = Math.exp(lp[k]! - max);
      categoryProbabilitiesInto(item, nodes[k]!, probs);
      sw += w[k]!;
      p += w[k]! * probs[maxScore(item)]!;
      lp[k]! += Math.log(probs[r.score]!);
      w[k]! *= probs[r.score]!;
    }
    let s1 = 0;
    let m = 0;
    for (let k = 0; k < nodes.length; k++) {
      s1 += w[k]!;
      m += w[k]! * nodes[k]!;
    }
    m /= s1;
    let v = 0;
    for (let k = 0; k < nodes.length; k++) v += w[k]! * (nodes[k]! - m) ** 2;
    return { pCorrect: p / sw, theta: m, se: Math.sqrt(v / s1) };
  });
}

/** Elo with IRT items: θ ← θ + K·(score/max − P(full | θ)), starting at 0; predicts P(full | θ). No SE. */
export function elo(bank: ReadonlyMap<string, Item>, records: readonly ResponseLogRecord[], k: number): Prediction[] {
  const rating = new Map<string, number>();
  const probs = new Float64Array(16);
  return records.map((r) => {
    const item = bank.get(r.itemId)!;
    const theta = rating.get(r.taskerId) ?? 0;
    categoryProbabilitiesInto(item, theta, probs);
    const p = probs[maxScore(item)]!;
    const next = theta + k * (r.score / maxScore(item) - p);
    rating.set(r.taskerId, next);
    return { pCorrect: p, theta: next };
  });
}
