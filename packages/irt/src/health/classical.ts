// Classical per-item statistics over the responses used: p-value, point-biserial against θ from the other
// responses, exposure, distractor choice rates by ability band and rapid guessing from response times.

import type { ResponseLogRecord } from '../formats/response-log';
import type { AbilityBand } from './types';

/** Pearson correlation; NaN when either variable is constant. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k] as number;
    my += y[k] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (x[k] as number) - mx;
    const dy = (y[k] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Cut points between `bands` equal-count bands of the values (quintiles for 5). */
export function bandCuts(values: ArrayLike<number>, bands: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bands; b++) cuts.push(sorted[Math.min(sorted.length - 1, Math.floor((b * sorted.length) / bands))] ?? 0);
  return cuts;
}

export function bandOf(cuts: readonly number[], theta: number): number {
  let band = 0;
  while (band < cuts.length && theta >= (cuts[band] as number)) band++;
  return band;
}

/** Share of the responses in each ability band that chose each option (responses without an answer are left out). */
export function distractorTable(responses: readonly { record: ResponseLogRecord; theta: number }[], cuts: readonly number[]): AbilityBand[] {
  const bands = Array.from({ length: cuts.length + 1 }, (_, b) => ({
    band: b + 1,
    from: b === 0 ? -Infinity : (cuts[b - 1] as number),
    to: b === cuts.length ? Infinity : (cuts[b] as number),
    n: 0,
    counts: new Map<string, number>(),
  }));
  for (const { record, theta } of responses) {
    if (record.answer === undefined || record.answer === null) continue;
    const band = bands[bandOf(cuts, theta)] as (typeof bands)[number];
    band.n++;
    band.counts.set(record.answer, (band.counts.get(record.answer) ?? 0) + 1);
  }
  return bands.map(({ counts, ...b }) => ({
    ...b,
    choices: Object.fromEntries([...counts.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([answer, c]) => [answer, c / b.n])),
  }));
}

export interface RapidGuessing {
  thresholdMs: number;
  timed: number;
  rapid: number;
  share: number;
  /** mean score / max of the rapid responses (near chance for real rapid guesses) */
  rapidAccuracy: number | null;
}

/**
 * Rapid responses: elapsed time below the threshold, the fixed one when given, else NT10 (Wise & Ma 2012): 10% of
 * the item's mean time, capped. Null when no response of the item is timed.
 */
export function rapidGuessing(records: readonly ResponseLogRecord[], maxScore: number, fixedMs: number | undefined, fraction: number, capMs: number): RapidGuessing | null {
  const timed = records.filter((r) => typeof r.elapsedMs === 'number');
  if (timed.length === 0) return null;
  const mean = timed.reduce((s, r) => s + (r.elapsedMs as number), 0) / timed.length;
  const thresholdMs = fixedMs ?? Math.min(capMs, fraction * mean);
  const rapid = timed.filter((r) => (r.elapsedMs as number) < thresholdMs);
  return {
    thresholdMs,
    timed: timed.length,
    rapid: rapid.length,
    share: rapid.length / timed.length,
    rapidAccuracy: rapid.length > 0 ? rapid.reduce((s, r) => s + r.score, 0) / (rapid.length * maxScore) : null,
  };
}
