import { parseResponseLog } from '../src/formats/response-log';
import { logisticProbability } from '../src/models/dichotomous';
import { logProbability } from '../src/models/item';
import { agedBelief, applyTrackerEvidence, DEFAULT_TRACKER_CONFIG, MS_PER_DAY, measurementUpdate, predictFullScore, replayResponses, responsesUpdate, trackerConfig } from '../src/tracker/index';
import type { DichotomousItem, Item, PolytomousItem } from '../src/types';
import { DRIFTING, simulateBank, simulateLearners, STATIC } from '../bench/tracker/learners';
import { score } from '../bench/tracker/metrics';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const config = trackerConfig({ driftPerDay: 0.01, maxPriorSe: 1 });

/** reference posterior moments by brute force: 4001-point trapezoid over [-8, 8] of N(prior) × likelihood */
function bruteForce(prior: { theta: number; se: number }, items: Item[], scores: number[]) {
  let w = 0;
  let m = 0;
  let m2 = 0;
  for (let k = 0; k <= 4000; k++) {
    const x = -8 + (16 * k) / 4000;
    let lp = -0.5 * ((x - prior.theta) / prior.se) ** 2;
    items.forEach((it, j) => (lp += logProbability(it, scores[j]!, x)));
    const v = Math.exp(lp) * (k === 0 || k === 4000 ? 0.5 : 1);
    w += v;
    m += v * x;
    m2 += v * x * x;
  }
  return { theta: m / w, se: Math.sqrt(m2 / w - (m / w) ** 2) };
}

describe('aging: the prior variance grows with the time since the last evidence', () => {
  it('adds driftPerDay per day to the variance (SE² + q·Δt)', () => {
    const b = agedBelief({ theta: 0.4, se: 0.3, atMs: T0 }, T0 + 10 * MS_PER_DAY, config);
    expect(b.theta).toBe(0.4);
    expect(b.se).toBeCloseTo(Math.sqrt(0.09 + 0.1), 12);
  });

  it('caps the aged SE at maxPriorSe, never shrinks an SE already above it, and does not age backwards', () => {
    expect(agedBelief({ theta: 0, se: 0.3, atMs: T0 }, T0 + 1000 * MS_PER_DAY, config).se).toBe(1);
    expect(agedBelief({ theta: 0, se: 1.2, atMs: T0 }, T0 + 5 * MS_PER_DAY, config).se).toBe(1.2);
    expect(agedBelief({ theta: 0, se: 0.3, atMs: T0 }, T0 - MS_PER_DAY, config).se).toBe(0.3);
  });

  it('starts a tasker without evidence at the population prior', () => {
    expect(agedBelief(undefined, T0, config)).toEqual({ theta: 0, se: 1 });
  });
});

describe('a Gaussian measurement is the normal-normal conjugate update', () => {
  it('N(0.2, 0.5²) prior and a measurement 1.0 ± 0.3 → mean 0.788235, SD 0.257248 (hand-derived)', () => {
    const post = measurementUpdate({ theta: 0.2, se: 0.5 }, { theta: 1, se: 0.3 }, config);
    expect(post.theta).toBeCloseTo(0.788235, 5);
    expect(post.se).toBeCloseTo(0.257248, 5);
  });

  it('ages the stored estimate first: N(0, 0.3²) ten days old at q = 0.01 is N(0, 0.19), then 1.0 ± 0.5 → 0.431818 ± 0.328564', () => {
    const next = applyTrackerEvidence({ theta: 0, se: 0.3, atMs: T0 }, { kind: 'measurement', theta: 1, se: 0.5 }, T0 + 10 * MS_PER_DAY, config);
    expect(next.theta).toBeCloseTo(0.431818, 5);
    expect(next.se).toBeCloseTo(0.328564, 5);
    expect(next.atMs).toBe(T0 + 10 * MS_PER_DAY);
  });

  it('the same evidence moves an old estimate more than a fresh one', () => {
    const fresh = applyTrackerEvidence({ theta: 0, se: 0.3, atMs: T0 }, { kind: 'measurement', theta: 1, se: 0.5 }, T0, config);
    const old = applyTrackerEvidence({ theta: 0, se: 0.3, atMs: T0 }, { kind: 'measurement', theta: 1, se: 0.5 }, T0 + 60 * MS_PER_DAY, config);
    expect(old.theta).toBeGreaterThan(fresh.theta + 0.1);
  });

  it('an assessment replaces the state; invalid evidence is refused by name', () => {
    expect(applyTrackerEvidence({ theta: 2, se: 0.2, atMs: T0 }, { kind: 'assessment', theta: -0.5, se: 0.3 }, T0 + MS_PER_DAY, config)).toEqual({ theta: -0.5, se: 0.3, atMs: T0 + MS_PER_DAY });
    expect(() => applyTrackerEvidence(undefined, { kind: 'measurement', theta: 1, se: 0 }, T0, config)).toThrow('measurement.se must be a finite number > 0');
    expect(() => trackerConfig({ driftPerDay: -1 })).toThrow('driftPerDay');
  });
});

describe('item responses: grid EAP against brute-force integration (4001-point trapezoid)', () => {
  const a: DichotomousItem = { id: 'a', model: '2PL', a: 1.4, b: 0.3 };
  const b: DichotomousItem = { id: 'b', model: '3PL', a: 0.9, b: -1, c: 0.2 };
  const g: PolytomousItem = { id: 'g', model: 'GRM', a: 1.1, thresholds: [-1, 0.2, 1.1] };

  it.each([
    ['one correct 2PL', { theta: 0, se: 1 }, [a], [1]],
    ['mixed 2PL/3PL/GRM from a precise prior', { theta: 0.8, se: 0.35 }, [a, b, g], [0, 1, 2]],
    ['ten wrong answers', { theta: 1.5, se: 0.6 }, Array(10).fill(a) as Item[], Array(10).fill(0) as number[]],
  ])('%s', (_name, prior, items, scores) => {
    const ref = bruteForce(prior, items, scores);
    const got = responsesUpdate(prior, items, scores, DEFAULT_TRACKER_CONFIG);
    // the 31-point grid's documented accuracy (docs/proficiency.md): within 0.002 of the exact moments
    expect(Math.abs(got.theta - ref.theta)).toBeLessThan(0.002);
    expect(Math.abs(got.se - ref.se)).toBeLessThan(0.002);
  });

  it('predicts the full-score probability as the prior-averaged P(correct)', () => {
    // reference: the same brute-force integral of P(θ) N(θ; 0.5, 0.8²)
    let w = 0;
    let p = 0;
    for (let k = 0; k <= 4000; k++) {
      const x = -8 + (16 * k) / 4000;
      const v = Math.exp(-0.5 * ((x - 0.5) / 0.8) ** 2);
      w += v;
      p += v * logisticProbability(1.4, 0.3, 0, 1, x, 1);
    }
    expect(predictFullScore({ theta: 0.5, se: 0.8 }, a, DEFAULT_TRACKER_CONFIG)).toBeCloseTo(p / w, 4);
  });
});

describe('replay (FORMATS.md section 4)', () => {
  const item: DichotomousItem = { id: 'i1', model: '2PL', a: 1, b: 0, skill: 'math' };
  const bank = new Map<string, Item>([['i1', item]]);
  const line = (o: Record<string, unknown>) => JSON.stringify({ taskerId: 't1', itemId: 'i1', score: 1, at: '2026-12-01T10:00:00.000Z', ...o });

  it('predicts before the response, from the state at `at`, and writes lines in input order', () => {
    const text = [line({ at: '2026-12-02T10:00:00.000Z', score: 0 }), line({ at: '2026-12-01T10:00:00.000Z' })].join('\n');
    const [later, earlier] = replayResponses(bank, parseResponseLog(text, { file: 'f' }).records, config);
    // the earlier response (line 2) comes first: the population prior's prediction, P = 0.5 for b = 0 by symmetry
    expect(earlier!.line).toBe(2);
    expect(earlier!.pCorrect).toBeCloseTo(0.5, 10);
    expect(earlier!.theta).toBeGreaterThan(0);
    // line 1 is predicted from the state after line 2, aged one day
    expect(later!.line).toBe(1);
    expect(later!.pCorrect).toBeCloseTo(predictFullScore({ theta: earlier!.theta, se: Math.sqrt(earlier!.se ** 2 + 0.01) }, item, config), 10);
    expect(later!.theta).toBeLessThan(earlier!.theta);
  });

  it('counts a duplicated responseId once: the duplicate repeats the first prediction and changes nothing after', () => {
    const withDup = [line({ responseId: 'r1' }), line({ responseId: 'r1' }), line({ responseId: 'r2', at: '2026-12-01T11:00:00.000Z' })].join('\n');
    const without = [line({ responseId: 'r1' }), line({ responseId: 'r2', at: '2026-12-01T11:00:00.000Z' })].join('\n');
    const a1 = replayResponses(bank, parseResponseLog(withDup, { file: 'f' }).records, config);
    const a2 = replayResponses(bank, parseResponseLog(without, { file: 'f' }).records, config);
    expect(a1).toHaveLength(3);
    expect({ ...a1[1]!, line: 1 }).toEqual(a1[0]);
    expect(a1[2]!.theta).toBe(a2[1]!.theta);
  });

  it('names the line and field of an item missing from the bank or a score above the maximum', () => {
    expect(() => replayResponses(bank, parseResponseLog([line({}), line({ itemId: 'nope' })].join('\n'), { file: 'f' }).records)).toThrow("2: itemId: item 'nope' is not in the bank");
    expect(() => replayResponses(bank, parseResponseLog(line({ score: 2 }), { file: 'f' }).records)).toThrow('1: score: 2 is above');
  });

  it('follows simulated learners with known θ: honest intervals, and better than no aging when ability drifts', () => {
    const items = simulateBank(1, 200);
    const itemBank = new Map<string, Item>(items.map((i) => [i.id, i]));
    const drifting = simulateLearners(items, { ...DRIFTING, learners: 150 }, 11);
    const y = drifting.records.map((r) => r.score);
    const aged = score(replayResponses(itemBank, drifting.records), y, drifting.truth);
    const noAging = score(replayResponses(itemBank, drifting.records, trackerConfig({ driftPerDay: 0 })), y, drifting.truth);
    expect(aged.coverage95).toBeGreaterThan(0.9);
    expect(aged.coverage95).toBeLessThan(0.99);
    expect(aged.rmse).toBeLessThan(noAging.rmse - 0.1);
    expect(aged.logLoss).toBeLessThan(noAging.logLoss);
    // constant ability: the estimate converges on the truth
    const constant = simulateLearners(items, { ...STATIC, learners: 150 }, 12);
    const c = score(replayResponses(itemBank, constant.records), constant.records.map((r) => r.score), constant.truth);
    expect(c.rmse).toBeLessThan(0.4);
    expect(c.coverage95).toBeGreaterThan(0.9);
  });
});
