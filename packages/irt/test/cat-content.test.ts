import {
  ConfigError,
  InfeasibleBlueprintError,
  compileBank,
  nextItem,
  recordResponse,
  startSession,
  validateConfig,
  type CatConfig,
  type CatState,
  type CompiledBank,
} from '../src/cat';
import { summarizePool, unreachableAfterPlainPick, unreachableMinimum } from '../src/cat/minimums';
import { mulberry32 } from '../src/random';
import type { Item } from '../src/types';
import { answerer, bank2PL, byId } from './cat-fixtures';

const TAGS = ['algebra', 'geometry', 'stats', 'logic'];
// tags: algebra 40%, geometry 30%, stats 20%, logic 10% of the bank; some items carry two tags
const items: Item[] = bank2PL(240, 31, (i) => ({
  tags: [TAGS[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3] as string, ...(i % 17 === 0 ? ['review'] : [])],
}));
const map = byId(items);

function run(compiled: CompiledBank, config: CatConfig, seed: number, theta: number, exclude?: string[]): CatState {
  let state = startSession(config, compiled, exclude ? { exclude } : {});
  const rng = mulberry32(seed);
  const ans = answerer(theta, mulberry32(seed + 999));
  for (;;) {
    const step = nextItem(state, compiled, config, rng);
    state = step.state;
    if (!('itemId' in step)) return state;
    state = recordResponse(state, compiled, config, step.itemId, ans(map.get(step.itemId) as Item));
  }
}

const countTag = (state: CatState, tag: string) => state.items.filter((id) => map.get(id)!.tags!.includes(tag)).length;

describe('content balancing (hard constraints)', () => {
  const compiled = compileBank(items);

  it('meets every minimum and never exceeds a maximum, even when the SE rule would stop earlier', () => {
    const config: CatConfig = {
      blueprint: {
        constraints: [
          { tag: 'logic', min: 3 },
          { tag: 'stats', min: 2, max: 4 },
          { tag: 'algebra', max: 5 },
          { tag: 'review', min: 1 },
        ],
      },
      stopping: { maxItems: 16, seThreshold: 0.45 },
    };
    const rng = mulberry32(77);
    let stoppedBySe = 0;
    for (let s = 0; s < 120; s++) {
      const theta = (rng() - 0.5) * 5;
      const state = run(compiled, config, s, theta);
      expect(countTag(state, 'logic')).toBeGreaterThanOrEqual(3);
      expect(countTag(state, 'stats')).toBeGreaterThanOrEqual(2);
      expect(countTag(state, 'stats')).toBeLessThanOrEqual(4);
      expect(countTag(state, 'algebra')).toBeLessThanOrEqual(5);
      expect(countTag(state, 'review')).toBeGreaterThanOrEqual(1);
      expect(state.items.length).toBeLessThanOrEqual(16);
      if (state.stop === 'se-threshold') stoppedBySe++;
    }
    expect(stoppedBySe).toBeGreaterThan(0); // the SE rule did fire — after the minimums
  });

  it('without the blueprint the same tests miss the minimums (the constraint is what enforces them)', () => {
    const config: CatConfig = { stopping: { maxItems: 16, seThreshold: 0.45 } };
    let missed = 0;
    for (let s = 0; s < 40; s++) if (countTag(run(compiled, config, s, 0), 'logic') < 3) missed++;
    expect(missed).toBeGreaterThan(20);
  });

  it('Kingsbury–Zara targets give the blueprint proportions in a fixed-length test', () => {
    const config: CatConfig = {
      blueprint: {
        constraints: [
          { tag: 'algebra', target: 0.25 },
          { tag: 'geometry', target: 0.25 },
          { tag: 'stats', target: 0.25 },
          { tag: 'logic', target: 0.25 },
        ],
      },
      stopping: { maxItems: 20, minItems: 20 },
    };
    for (let s = 0; s < 20; s++) {
      const state = run(compiled, config, s, (s - 10) / 5);
      for (const t of TAGS) {
        expect(countTag(state, t)).toBeGreaterThanOrEqual(4);
        expect(countTag(state, t)).toBeLessThanOrEqual(6);
      }
    }
  });

  it('skill minimums and maximums hold in multi-skill tests', () => {
    const two: Item[] = [
      ...bank2PL(80, 41, () => ({ skill: 'reading' })).map((x) => ({ ...x, id: `r-${x.id}` })),
      ...bank2PL(80, 42, () => ({ skill: 'math' })).map((x) => ({ ...x, id: `m-${x.id}` })),
    ];
    const m2 = byId(two);
    const c2 = compileBank(two);
    const config: CatConfig = {
      blueprint: { constraints: [{ skill: 'reading', min: 6, max: 9 }, { skill: 'math', min: 4 }] },
      stopping: { maxItems: 18, seThreshold: 0.6 },
    };
    for (let s = 0; s < 30; s++) {
      let state = startSession(config, c2);
      const rng = mulberry32(s);
      const ans = answerer(0.5, mulberry32(s + 5));
      for (;;) {
        const step = nextItem(state, c2, config, rng);
        state = step.state;
        if (!('itemId' in step)) break;
        state = recordResponse(state, c2, config, step.itemId, ans(m2.get(step.itemId)!));
      }
      const reading = state.items.filter((id) => id.startsWith('r-')).length;
      const math = state.items.filter((id) => id.startsWith('m-')).length;
      expect(reading).toBeGreaterThanOrEqual(6);
      expect(reading).toBeLessThanOrEqual(9);
      expect(math).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('feasibility', () => {
  const compiled = compileBank(items);
  const logicIds = items.filter((x) => x.tags!.includes('logic')).map((x) => x.id); // 24 items

  it('throws InfeasibleBlueprintError naming the constraint when a minimum exceeds the available items', () => {
    const config: CatConfig = { blueprint: { constraints: [{ tag: 'logic', min: 5 }] }, stopping: { maxItems: 20 } };
    const seen = logicIds.slice(0, 21); // 3 logic items left
    let err: unknown;
    try {
      startSession(config, compiled, { exclude: seen });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfeasibleBlueprintError);
    expect((err as InfeasibleBlueprintError).constraint).toBe('tag:logic min 5');
    expect((err as InfeasibleBlueprintError).available).toBe(3);
    expect(() => startSession(config, compiled, { exclude: logicIds.slice(0, 19) })).not.toThrow();
  });

  it('counts an enemy group once', () => {
    const config: CatConfig = {
      enemies: [logicIds.slice(0, 20)],
      blueprint: { constraints: [{ tag: 'logic', min: 6 }] },
      stopping: { maxItems: 20 },
    };
    // 24 logic items, 20 of them mutually exclusive → at most 5 can be given
    expect(() => startSession(config, compiled)).toThrow(InfeasibleBlueprintError);
    expect(() => startSession({ ...config, blueprint: { constraints: [{ tag: 'logic', min: 5 }] } }, compiled)).not.toThrow();
  });

  it('a tag minimum cannot be met through skills capped below it', () => {
    const two: Item[] = [
      ...bank2PL(30, 51, () => ({ skill: 'a', tags: ['x'] })).map((x) => ({ ...x, id: `a${x.id}` })),
      ...bank2PL(30, 52, () => ({ skill: 'b' })).map((x) => ({ ...x, id: `b${x.id}` })),
    ];
    const config: CatConfig = {
      blueprint: { constraints: [{ skill: 'a', max: 3 }, { skill: 'b' }, { tag: 'x', min: 4 }] },
      stopping: { maxItems: 10 },
    };
    expect(() => startSession(config, compileBank(two))).toThrow(/tag:x min 4/);
  });

  it('rejects a positive target for a group without items, and a minimum length beyond the pool', () => {
    const config: CatConfig = { blueprint: { constraints: [{ tag: 'nonexistent', target: 0.2 }] }, stopping: { maxItems: 10 } };
    expect(() => startSession(config, compiled)).toThrow(InfeasibleBlueprintError);
    const small = compileBank(bank2PL(5, 3));
    expect(() => startSession({ stopping: { maxItems: 10, minItems: 8 } }, small)).toThrow(/stopping.minItems/);
  });

  it('validates the blueprint loudly (ConfigError naming the field)', () => {
    const bad: [CatConfig, string][] = [
      [{ blueprint: { constraints: [{ tag: 'x', min: 5, max: 2 }] }, stopping: { maxItems: 10 } }, 'blueprint.constraints[0].min'],
      [{ blueprint: { constraints: [{ tag: 'x', skill: 'y' }] }, stopping: { maxItems: 10 } }, 'blueprint.constraints[0]'],
      [{ blueprint: { constraints: [{ tag: 'x', target: 1.5 }] }, stopping: { maxItems: 10 } }, 'blueprint.constraints[0].target'],
      [{ blueprint: { constraints: [{ skill: 'x', min: 6 }, { skill: 'y', min: 6 }] }, stopping: { maxItems: 10 } }, 'blueprint.constraints'],
      [{ stopping: { maxItems: 0 } }, 'stopping.maxItems'],
      [{ stopping: { maxItems: 5, minItems: 6 } }, 'stopping.minItems'],
      [{ selection: { method: 'MFI', target: 'cut' }, stopping: { maxItems: 5 } }, 'selection.target'],
      [{ exposure: { method: 'restricted', maxRate: 2 }, stopping: { maxItems: 5 } }, 'exposure.maxRate'],
      [{ stopping: { maxItems: 5, classification: { cuts: [1, 0], method: 'sprt' } } }, 'stopping.classification.cuts[1]'],
      [{ stopping: { maxItems: 5, classification: { cuts: [0], method: 'sprt', alpha: 0.7 } } }, 'stopping.classification.alpha'],
      [{ estimator: { method: 'EAP', prior: { mean: 0, sd: -1 } }, stopping: { maxItems: 5 } }, 'estimator.prior.sd'],
    ];
    for (const [config, field] of bad) {
      let err: unknown;
      try {
        validateConfig(config);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).field).toBe(field);
    }
    expect(() => validateConfig({} as CatConfig)).toThrow(/stopping/);
  });
});

describe('minimums stay reachable mid-session, or the session fails loudly', () => {
  // Each item's tags are explicit, so every expectation below is counted from the bank, not from the engine.
  const tagged = (prefix: string, n: number, seed: number, tags: string[]): Item[] =>
    bank2PL(n, seed, () => ({ tags })).map((x) => ({ ...x, id: `${prefix}${x.id.slice(1)}` }));
  const tagCount = (state: CatState, bankItems: Item[], tag: string): number => {
    const byItem = byId(bankItems);
    return state.items.filter((id) => byItem.get(id)!.tags!.includes(tag)).length;
  };
  function runOn(bankItems: Item[], config: CatConfig, seed: number, theta: number): CatState {
    const compiled = compileBank(bankItems);
    const byItem = byId(bankItems);
    let state = startSession(config, compiled);
    const rng = mulberry32(seed);
    const ans = answerer(theta, mulberry32(seed + 7));
    for (;;) {
      const step = nextItem(state, compiled, config, rng);
      state = step.state;
      if (!('itemId' in step)) return state;
      state = recordResponse(state, compiled, config, step.itemId, ans(byItem.get(step.itemId) as Item));
    }
  }

  it('minimums of groups that cannot share an item, summing past maxItems, are refused up front', () => {
    const bankItems = [...tagged('x', 10, 71, ['x']), ...tagged('y', 10, 72, ['y'])];
    const config: CatConfig = { blueprint: { constraints: [{ tag: 'x', min: 3 }, { tag: 'y', min: 3 }] }, stopping: { maxItems: 4 } };
    let err: unknown;
    try {
      startSession(config, compileBank(bankItems));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfeasibleBlueprintError);
    expect((err as InfeasibleBlueprintError).constraint).toMatch(/tag:x min 3/);
    expect((err as InfeasibleBlueprintError).constraint).toMatch(/tag:y min 3/);
    expect((err as InfeasibleBlueprintError).required).toBe(6);
    expect((err as InfeasibleBlueprintError).available).toBe(4);
    // with room for both, every test meets both minimums
    for (const seed of [1, 2, 3, 4, 5]) {
      const state = runOn(bankItems, { ...config, stopping: { maxItems: 6 } }, seed, seed - 3);
      expect(tagCount(state, bankItems, 'x')).toBeGreaterThanOrEqual(3);
      expect(tagCount(state, bankItems, 'y')).toBeGreaterThanOrEqual(3);
    }
  });

  it('items carrying both tags are kept for when the slots run short (x min 3, y min 3, maxItems 4)', () => {
    // 2 items tagged x and y: the only way to meet both minimums in 4 items is to give both of them.
    const bankItems = [...tagged('x', 10, 73, ['x']), ...tagged('y', 10, 74, ['y']), ...tagged('z', 2, 75, ['x', 'y'])];
    const config: CatConfig = { blueprint: { constraints: [{ tag: 'x', min: 3 }, { tag: 'y', min: 3 }] }, stopping: { maxItems: 4 } };
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const state = runOn(bankItems, config, seed, seed - 3.5);
      expect(state.items).toHaveLength(4);
      expect(tagCount(state, bankItems, 'x')).toBeGreaterThanOrEqual(3);
      expect(tagCount(state, bankItems, 'y')).toBeGreaterThanOrEqual(3);
    }
  });

  it('never serves an item whose enemy is needed for a minimum (x min 2, enemies [y0, x1])', () => {
    // y0 is the most informative item at the start; serving it would exclude x1, the second of only two x items.
    const bankItems: Item[] = [
      { id: 'y0', model: '2PL', a: 3, b: 0, tags: [] },
      { id: 'x0', model: '2PL', a: 0.5, b: 2, tags: ['x'] },
      { id: 'x1', model: '2PL', a: 0.5, b: -2, tags: ['x'] },
      ...tagged('f', 20, 76, []),
    ];
    const config: CatConfig = {
      enemies: [['y0', 'x1']],
      blueprint: { constraints: [{ tag: 'x', min: 2 }] },
      stopping: { maxItems: 6, seThreshold: 0.5 },
    };
    for (const seed of [1, 2, 3]) {
      const state = runOn(bankItems, config, seed, 0);
      expect(state.items).toEqual(expect.arrayContaining(['x0', 'x1']));
      expect(state.items).not.toContain('y0');
    }
  });

  it('throws InfeasibleBlueprintError mid-session when no item keeps a minimum reachable, instead of ending without it', () => {
    // x min 1 = {x0}, y min 1 = {y0}, and x0, y0 are enemies: each minimum alone is feasible (the up-front check
    // passes), together they are not. The session refuses to serve either; once the slots run short it fails.
    const bankItems: Item[] = [
      { id: 'x0', model: '2PL', a: 1, b: 0, tags: ['x'] },
      { id: 'y0', model: '2PL', a: 1, b: 0, tags: ['y'] },
      ...tagged('f', 20, 77, []),
    ];
    const config: CatConfig = {
      enemies: [['x0', 'y0']],
      blueprint: { constraints: [{ tag: 'x', min: 1 }, { tag: 'y', min: 1 }] },
      stopping: { maxItems: 5 },
    };
    const compiled = compileBank(bankItems);
    let state = startSession(config, compiled);
    const rng = mulberry32(9);
    let err: unknown;
    try {
      for (;;) {
        const step = nextItem(state, compiled, config, rng);
        state = step.state;
        if (!('itemId' in step)) break;
        state = recordResponse(state, compiled, config, step.itemId, 1);
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfeasibleBlueprintError);
    expect((err as InfeasibleBlueprintError).constraint).toMatch(/^tag:[xy] min 1$/);
    expect(state.stop).toBeUndefined(); // it never ended quietly
    expect(state.items).not.toContain('x0');
    expect(state.items).not.toContain('y0');
  });

  it('a state whose slots ran out with a minimum unmet is refused loudly (e.g. a config changed mid-flight)', () => {
    // x items are useless to MFI (a = 0.2, b = 5), so the unconstrained 3-item test gives none of them.
    const bankItems: Item[] = [
      ...Array.from({ length: 5 }, (_, k): Item => ({ id: `x${k}`, model: '2PL', a: 0.2, b: 5, tags: ['x'] })),
      ...Array.from({ length: 10 }, (_, k): Item => ({ id: `f${k}`, model: '2PL', a: 2, b: (k - 5) / 5, tags: [] })),
    ];
    const loose: CatConfig = { version: 'v', stopping: { maxItems: 3, minItems: 3 } };
    const compiled = compileBank(bankItems);
    let state = startSession(loose, compiled);
    const rng = mulberry32(4);
    for (let k = 0; k < 3; k++) {
      const step = nextItem(state, compiled, loose, rng);
      if (!('itemId' in step)) throw new Error('the loose test should serve 3 items');
      state = recordResponse(step.state, compiled, loose, step.itemId, 0);
    }
    expect(tagCount(state, bankItems, 'x')).toBe(0);
    const strict: CatConfig = { ...loose, blueprint: { constraints: [{ tag: 'x', min: 1 }] } };
    expect(() => nextItem(state, compiled, strict, rng)).toThrow(/tag:x min 1/);
    expect(nextItem(state, compiled, loose, rng)).toMatchObject({ stop: 'max-items' });
  });
});

describe('minimum reachability: the per-item shortcut agrees with a full recount', () => {
  it('for every item outside enemy groups, on random pools and counts', () => {
    const rng = mulberry32(123);
    const tagNames = ['p', 'q', 'r'];
    for (let round = 0; round < 40; round++) {
      const bankItems: Item[] = Array.from({ length: 30 }, (_, i) => ({
        id: `m${i}`,
        model: '2PL',
        a: 1,
        b: 0,
        skill: rng() < 0.5 ? 's1' : 's2',
        tags: tagNames.filter(() => rng() < 0.35),
      }));
      const compiled = compileBank(bankItems);
      const pool = Uint8Array.from(bankItems, () => (rng() < 0.7 ? 1 : 0));
      const groups = tagNames.map((tag) => ({
        label: `tag:${tag}`,
        min: 1 + Math.floor(rng() * 5),
        count: Math.floor(rng() * 2),
        member: (i: number) => bankItems[i]!.tags!.includes(tag),
      }));
      const enemyGroups = [[0, 1, 2], [3, 4]];
      const remaining = 2 + Math.floor(rng() * 8);
      const skillRoom = () => 20;
      const input = { bank: compiled, groups, pool, remaining, skillRoom, enemyGroups };
      const summary = summarizePool(input);
      if (!summary) continue;
      for (let i = 5; i < bankItems.length; i++) {
        if (pool[i] === 0) continue;
        const after = pool.slice();
        after[i] = 0;
        const full = unreachableMinimum({
          ...input,
          pool: after,
          remaining: remaining - 1,
          skillRoom: (s) => skillRoom() - (s === compiled.skill[i] ? 1 : 0),
          groups: groups.map((g) => (g.member(i) ? { ...g, count: g.count + 1 } : g)),
        });
        const quick = unreachableAfterPlainPick(summary, i, remaining, skillRoom);
        expect(quick?.constraint).toBe(full?.constraint);
      }
    }
  });
});
