// expectedItemsLeft against independent arithmetic. With a bank of identical 2PL items every remaining item has the
// same information I(θ̂) = a²P(1 − P), so the closed form n = ⌈(I_target − I_now)/I⌉ is exact; I_target is 1/t² for
// an SE target t, (z/d)² for an interval that must clear a cut at distance d, log((1−β)/α)/(2δd) for the SPRT.
import { compileBank, expectedItemsLeft, itemsToReachInformation, nextItem, recordResponse, startSession, Z_95, type CatConfig, type CatState } from '../src/cat';
import { mulberry32 } from '../src/random';
import type { DichotomousItem, Item } from '../src/types';
import { answerer, bank2PL, byId, fisherInfo } from './cat-fixtures';

const A = 1.2;
const identical = (n: number, skill?: string, prefix = 'q'): DichotomousItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, model: '2PL' as const, a: A, b: 0, ...(skill ? { skill } : {}) }));
/** information of one identical item at θ = 0 (the prior mean, where a session starts): 1.44 · 0.25 */
const I0 = A * A * 0.25;

function fresh(config: CatConfig, items: Item[]): { state: CatState; bank: ReturnType<typeof compileBank> } {
  const bank = compileBank(items);
  return { state: startSession(config, bank), bank };
}

describe('itemsToReachInformation', () => {
  test('counts the best items until the target is met', () => {
    expect(itemsToReachInformation(1, 1, [5])).toBe(0);
    expect(itemsToReachInformation(1, 3.5, [1, 1, 1, 1])).toBe(3);
    expect(itemsToReachInformation(0, 10, [4, 4, 4])).toBe(3);
    expect(itemsToReachInformation(0, 13, [4, 4, 4])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('expectedItemsLeft at the start (θ̂ = 0, SE = prior SD = 1)', () => {
  test('SE target 0.45: ⌈(1/0.45² − 1)/0.36⌉ = 11', () => {
    const { state, bank } = fresh({ stopping: { maxItems: 30, seThreshold: 0.45 } }, identical(40));
    expect(expectedItemsLeft(state, bank, { stopping: { maxItems: 30, seThreshold: 0.45 } })).toBe(Math.ceil((1 / 0.45 ** 2 - 1) / I0));
    expect(Math.ceil((1 / 0.45 ** 2 - 1) / I0)).toBe(11);
  });

  test('CI classification at cut 0.8: ⌈((Z_95/0.8)² − 1)/0.36⌉ = 14; with the SE rule too, the sooner one (11)', () => {
    const ci: CatConfig = { stopping: { maxItems: 30, classification: { method: 'ci', cuts: [0.8] } } };
    const both: CatConfig = { stopping: { maxItems: 30, seThreshold: 0.45, classification: { method: 'ci', cuts: [0.8] } } };
    const a = fresh(ci, identical(40));
    expect(expectedItemsLeft(a.state, a.bank, ci)).toBe(Math.ceil(((1.959964 / 0.8) ** 2 - 1) / I0));
    expect(expectedItemsLeft(a.state, a.bank, ci)).toBe(14);
    const b = fresh(both, identical(40));
    expect(expectedItemsLeft(b.state, b.bank, both)).toBe(11);
  });

  test('two cuts: the nearer one decides (cuts −2 and 0.8 → as for 0.8 alone)', () => {
    const cfg: CatConfig = { stopping: { maxItems: 30, classification: { method: 'ci', cuts: [-2, 0.8] } } };
    const { state, bank } = fresh(cfg, identical(40));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(14);
  });

  test('posterior rule (confidence 0.95 → one-sided z = 1.644854): ⌈((1.644854/0.8)² − 1)/0.36⌉ = 9', () => {
    const cfg: CatConfig = { stopping: { maxItems: 30, classification: { method: 'posterior', cuts: [0.8], confidence: 0.95 } } };
    const { state, bank } = fresh(cfg, identical(40));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(Math.ceil(((1.644854 / 0.8) ** 2 - 1) / I0));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(9);
  });

  test('SPRT (α = β = 0.05, δ = 0.3, cut 0.8): ⌈log 19/(2·0.3·0.8)/0.36⌉ = 18', () => {
    const cfg: CatConfig = { stopping: { maxItems: 30, classification: { method: 'sprt', cuts: [0.8] } } };
    const { state, bank } = fresh(cfg, identical(40));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(Math.ceil(Math.log(19) / (2 * 0.3 * 0.8) / I0));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(18);
  });

  test('θ̂ on the cut: no number of items is expected to decide, so the cap', () => {
    const cfg: CatConfig = { stopping: { maxItems: 25, classification: { method: 'ci', cuts: [0] } } };
    const { state, bank } = fresh(cfg, identical(40));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(25);
  });

  test('clamped to minItems, to maxItems and to the items the bank has', () => {
    const min: CatConfig = { stopping: { maxItems: 30, minItems: 15, seThreshold: 0.45 } };
    const max: CatConfig = { stopping: { maxItems: 8, seThreshold: 0.45 } };
    const a = fresh(min, identical(40));
    const b = fresh(max, identical(40));
    const c = fresh(max, identical(5));
    expect(expectedItemsLeft(a.state, a.bank, min)).toBe(15);
    expect(expectedItemsLeft(b.state, b.bank, max)).toBe(8);
    expect(expectedItemsLeft(c.state, c.bank, max)).toBe(5);
  });

  test('a skill minimum lifts its own count: skill x needs 11 by SE, but min 13', () => {
    const cfg: CatConfig = { stopping: { maxItems: 30, seThreshold: 0.45, skills: { x: { minItems: 13 } } } };
    const { state, bank } = fresh(cfg, identical(40, 'x'));
    expect(expectedItemsLeft(state, bank, cfg)).toBe(13);
  });

  test('two skills add up: 11 + 11', () => {
    const cfg: CatConfig = { stopping: { maxItems: 40, seThreshold: 0.45 } };
    const { state, bank } = fresh(cfg, [...identical(20, 'x', 'x'), ...identical(20, 'y', 'y')]);
    expect(expectedItemsLeft(state, bank, cfg)).toBe(22);
  });
});

describe('expectedItemsLeft after answers (θ̂ ≠ b: information from the closed form at the estimate)', () => {
  test('after 3 answers: ⌈(1/t² − 1/SE²)/I(θ̂)⌉ with θ̂ and SE read from the state', () => {
    const cfg: CatConfig = { stopping: { maxItems: 40, seThreshold: 0.35 } };
    const items = identical(60);
    const bank = compileBank(items);
    let state = startSession(cfg, bank);
    const rng = mulberry32(3);
    for (const score of [1, 1, 0]) {
      const step = nextItem(state, bank, cfg, rng);
      if (!('itemId' in step)) throw new Error('expected an item');
      state = recordResponse(step.state, bank, cfg, step.itemId, score);
    }
    const { theta, se } = state.skills.default!;
    const perItem = fisherInfo(items[0]!, theta);
    const expected = Math.ceil((1 / 0.35 ** 2 - 1 / se ** 2) / perItem);
    expect(expected).toBeGreaterThan(3);
    expect(expectedItemsLeft(state, bank, cfg)).toBe(expected);
  });
});

describe('along simulated tests', () => {
  const items = bank2PL(300, 11);
  const bank = compileBank(items);
  const map = byId(items);
  const cfg: CatConfig = { version: 'expect-sim', stopping: { maxItems: 40, minItems: 5, seThreshold: 0.3 } };

  function trace(theta: number, seed: number): { left: number[]; length: number; final: number } {
    let state = startSession(cfg, bank);
    const rng = mulberry32(seed);
    const answer = answerer(theta, mulberry32(seed + 7));
    const left: number[] = [];
    for (;;) {
      const step = nextItem(state, bank, cfg, rng);
      if (!('itemId' in step)) return { left, length: step.state.items.length, final: expectedItemsLeft(step.state, bank, cfg) };
      left.push(expectedItemsLeft(step.state, bank, cfg)); // the item on screen counts
      state = recordResponse(step.state, bank, cfg, step.itemId, answer(map.get(step.itemId)!));
    }
  }

  const runs = Array.from({ length: 40 }, (_, k) => trace(-2 + (4 * k) / 39, 100 + k));

  test('0 once the session stopped; at least 1 while an item is on screen; never above maxItems − answered', () => {
    for (const r of runs) {
      expect(r.final).toBe(0);
      r.left.forEach((v, k) => {
        expect(v).toBeGreaterThanOrEqual(1);
        expect(v).toBeLessThanOrEqual(40 - k);
      });
    }
  });

  test('decreases on average by about one per item answered', () => {
    const steps = runs.flatMap((r) => r.left.slice(1).map((v, k) => v - (r.left[k] as number)));
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    expect(mean).toBeLessThan(-0.6);
    expect(mean).toBeGreaterThan(-1.6);
  });

  test('the first estimate is near the length the tests then had (mean within 25%)', () => {
    const predicted = runs.reduce((a, r) => a + (r.left[0] as number), 0) / runs.length;
    const actual = runs.reduce((a, r) => a + r.length, 0) / runs.length;
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.25);
  });
});

test('Z_95 is the CI default the expectation uses (independent literal)', () => {
  expect(Z_95).toBeCloseTo(1.959964, 6);
});
