// The prequential replay of FORMATS.md section 4 (pure: records in, predictions out). For each response, in order
// of `at`: the tasker's state for the item's skill is aged to `at`, the full-score probability is predicted from
// that prior, then the response is applied. One grid pass does both (same prior, same grid).
import { categoryProbabilitiesInto, maxScore } from '../models/item';
import type { ResponseLogRecord } from '../formats/response-log';
import { inProcessingOrder } from '../formats/response-log';
import type { Item } from '../types';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from './config';
import { agedBelief, type TrackerState } from './state';
import { gridScratch, type GridScratch } from './update';

export interface ReplayPrediction {
  line: number;
  taskerId: string;
  itemId: string;
  pCorrect: number;
  theta: number;
  se: number;
}

export interface ReplayProblem {
  line: number;
  field: string;
  problem: string;
}

export class ReplayInputError extends Error {
  readonly problem: ReplayProblem;
  constructor(problem: ReplayProblem) {
    super(`${problem.line}: ${problem.field}: ${problem.problem}`);
    this.name = 'ReplayInputError';
    this.problem = problem;
  }
}

/** The skill a response counts towards: the bank item's, else the line's, else one shared default. */
const skillOf = (item: Item, r: ResponseLogRecord): string => item.skill ?? r.skill ?? '(default)';

/** Predict, then update, on one grid; returns the prediction and writes the new state. */
export function predictAndUpdate(state: TrackerState | undefined, item: Item, score: number, atMs: number, config: TrackerConfig, s: GridScratch): { pCorrect: number; state: TrackerState } {
  const at = state ? Math.max(atMs, state.atMs) : atMs;
  const prior = agedBelief(state, at, config);
  const n = config.gridPoints;
  const step = (2 * config.gridHalfWidth) / (n - 1);
  const top = maxScore(item);
  let w0 = 0;
  let pTop = 0;
  let w1 = 0;
  let m = 0;
  for (let k = 0; k < n; k++) {
    const z = -config.gridHalfWidth + k * step;
    const theta = prior.theta + z * prior.se;
    const w = Math.exp(-0.5 * z * z);
    categoryProbabilitiesInto(item, theta, s.probs);
    w0 += w;
    pTop += w * s.probs[top]!;
    const post = w * s.probs[score]!;
    s.nodes[k] = theta;
    s.weights[k] = post;
    w1 += post;
    m += post * theta;
  }
  m /= w1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = s.nodes[k]! - m;
    v += s.weights[k]! * d * d;
  }
  return { pCorrect: pTop / w0, state: { theta: m, se: Math.max(config.minSe, Math.sqrt(v / w1)), atMs: at } };
}

/**
 * Replays `records` (file order) against `bank`: one prediction per record, in file order. A duplicate
 * `responseId` is not applied twice: its line repeats the prediction of the first occurrence.
 * Throws ReplayInputError (line, field, problem) for an item not in the bank or a score above the item's maximum.
 */
export function replayResponses(bank: ReadonlyMap<string, Item>, records: readonly ResponseLogRecord[], config: TrackerConfig = DEFAULT_TRACKER_CONFIG): ReplayPrediction[] {
  let maxLine = 0;
  for (const r of records) {
    const item = bank.get(r.itemId);
    if (!item) throw new ReplayInputError({ line: r.line, field: 'itemId', problem: `item '${r.itemId}' is not in the bank` });
    if (r.score > maxScore(item)) throw new ReplayInputError({ line: r.line, field: 'score', problem: `${r.score} is above item '${r.itemId}' maximum score ${maxScore(item)}` });
    if (r.line > maxLine) maxLine = r.line;
  }
  // per tasker, per skill (nested maps: no key string per response)
  const states = new Map<string, Map<string, TrackerState>>();
  // prediction by line number (lines are unique within a file)
  const byLine: (ReplayPrediction | undefined)[] = new Array<ReplayPrediction | undefined>(maxLine + 1);
  const firstOf = new Map<string, number>();
  const scratch = gridScratch(config);
  for (const r of inProcessingOrder(records)) {
    const item = bank.get(r.itemId)!;
    const skill = skillOf(item, r);
    let skills = states.get(r.taskerId);
    if (!skills) states.set(r.taskerId, (skills = new Map()));
    const out = predictAndUpdate(skills.get(skill), item, r.score, r.atMs, config, scratch);
    skills.set(skill, out.state);
    byLine[r.line] = { line: r.line, taskerId: r.taskerId, itemId: r.itemId, pCorrect: out.pCorrect, theta: out.state.theta, se: out.state.se };
    if (r.responseId !== undefined && r.responseId !== null) firstOf.set(r.responseId, r.line);
  }
  return records.map((r) => {
    const own = byLine[r.line];
    if (own) return own;
    const first = byLine[firstOf.get(r.responseId as string)!]!;
    return { ...first, line: r.line, taskerId: r.taskerId, itemId: r.itemId };
  });
}

/** One output line of the replay (FORMATS.md section 4), numbers rounded to 6 decimals. */
export function formatReplayLine(p: ReplayPrediction): string {
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return `{"line":${p.line},"taskerId":${JSON.stringify(p.taskerId)},"itemId":${JSON.stringify(p.itemId)},"pCorrect":${r6(p.pCorrect)},"theta":${r6(p.theta)},"se":${r6(p.se)}}`;
}
