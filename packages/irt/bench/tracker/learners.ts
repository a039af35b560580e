// Simulated learners whose ability changes over time (learning, forgetting, sudden jumps), answering a placement
// and then practice sessions at irregular gaps. Seeded: the same seed gives the same log.
import { formatResponseLogLine, type ResponseLogRecord } from '../../src/formats/response-log';
import { logisticProbability } from '../../src/models/dichotomous';
import { createRng, randomNormal } from '../../src/random';
import type { DichotomousItem, Rng } from '../../src/types';

export interface LearnerScenario {
  learners: number;
  horizonDays: number;
  /** random-walk SD of θ per √day */
  walkSdPerSqrtDay: number;
  /** each learner's trend per day ~ N(mean, sd): positive learns, negative forgets */
  trendMean: number;
  trendSd: number;
  /** sudden changes: rate per day, and their SD */
  jumpRatePerDay: number;
  jumpSd: number;
  placementItems: number;
  sessionItems: number;
  meanGapDays: number;
}

export const DRIFTING: LearnerScenario = {
  learners: 1000,
  horizonDays: 240,
  walkSdPerSqrtDay: 0.03,
  trendMean: 0.002,
  trendSd: 0.004,
  jumpRatePerDay: 1 / 90,
  jumpSd: 0.6,
  placementItems: 20,
  sessionItems: 10,
  meanGapDays: 7,
};

/** the same schedule, ability constant: what a tracker pays for aging when nobody changes */
export const STATIC: LearnerScenario = { ...DRIFTING, walkSdPerSqrtDay: 0, trendMean: 0, trendSd: 0, jumpRatePerDay: 0 };

export interface SimulatedLog {
  records: ResponseLogRecord[];
  /** true θ at each record's time (same index) */
  truth: number[];
}

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');

export function simulateBank(seed: number, size = 400): DichotomousItem[] {
  const rng = createRng(seed);
  const items = Array.from({ length: size }, (_, j) => ({ id: `i${j}`, model: '2PL' as const, a: Math.exp(randomNormal(rng, 0.1, 0.3)), b: randomNormal(rng, 0, 1.2), skill: 'math' }));
  return items.sort((x, y) => x.b - y.b);
}

/** an item near the one that gives a 70% success at `target` (with noise: practice is only roughly aimed) */
function pickItem(bank: DichotomousItem[], target: number, rng: Rng): DichotomousItem {
  const b = target - 0.85 + randomNormal(rng, 0, 0.7);
  let lo = 0;
  let hi = bank.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bank[mid]!.b < b) lo = mid + 1;
    else hi = mid;
  }
  return bank[lo]!;
}

export function simulateLearners(bank: DichotomousItem[], scenario: LearnerScenario, seed: number): SimulatedLog {
  const rng = createRng(seed);
  const records: ResponseLogRecord[] = [];
  const truth: number[] = [];
  for (let i = 0; i < scenario.learners; i++) {
    const taskerId = `t${seed}-${i}`;
    let theta = randomNormal(rng);
    const trend = randomNormal(rng, scenario.trendMean, scenario.trendSd);
    let day = rng() * 30;
    let lastDay = day;
    let session = 0;
    while (day < scenario.horizonDays) {
      const dt = day - lastDay;
      theta += trend * dt + randomNormal(rng, 0, scenario.walkSdPerSqrtDay * Math.sqrt(dt));
      // jumps over dt: Poisson thinning by the probability of at least one
      if (rng() < 1 - Math.exp(-scenario.jumpRatePerDay * dt)) theta += randomNormal(rng, 0, scenario.jumpSd);
      const n = session === 0 ? scenario.placementItems : scenario.sessionItems;
      for (let k = 0; k < n; k++) {
        const item = pickItem(bank, theta, rng);
        const score = rng() < logisticProbability(item.a, item.b, 0, 1, theta, 1) ? 1 : 0;
        const atMs = Math.round(START + day * DAY + k * 30_000);
        records.push({ line: records.length + 1, taskerId, itemId: item.id, score, at: new Date(atMs).toISOString(), atMs, context: session === 0 ? 'placement' : 'quiz', skill: 'math' });
        truth.push(theta);
      }
      session++;
      lastDay = day;
      day += -Math.log(1 - rng()) * scenario.meanGapDays;
    }
  }
  // a log is written in time order across taskers (as the service exports it)
  const order = records.map((_, k) => k).sort((x, y) => records[x]!.atMs - records[y]!.atMs || x - y);
  return { records: order.map((k, n) => ({ ...records[k]!, line: n + 1 })), truth: order.map((k) => truth[k]!) };
}

export function logText(log: SimulatedLog): string {
  return `${log.records.map((r) => formatResponseLogLine(r)).join('\n')}\n`;
}
