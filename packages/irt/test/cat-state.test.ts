import {
  CatStateError,
  compileBank,
  nextItem,
  recordResponse,
  skillPosterior,
  startSession,
  summarize,
  type CatConfig,
  type CatState,
} from '../src/cat';
import { estimateAbility } from '../src/estimators';
import { mulberry32 } from '../src/random';
import type { Item } from '../src/types';
import { answerer, bank2PL, byId, pCorrect } from './cat-fixtures';

const items: Item[] = [
  ...bank2PL(300, 91),
  { id: 'poly-grm', model: 'GRM', a: 1.4, thresholds: [-1, 0, 1] },
  { id: 'poly-gpcm', model: 'GPCM', a: 1.1, thresholds: [-0.5, 0.4] },
];
const map = byId(items);
const compiled = compileBank(items);

const configs: Record<string, CatConfig> = {
  mfi: { selection: { method: 'MFI', randomesque: 3 }, stopping: { maxItems: 30, seThreshold: 0.2 } },
  klp: { selection: { method: 'KLP' }, exposure: { method: 'progressive' }, stopping: { maxItems: 30 } },
  sh: {
    exposure: { method: 'sympson-hetter', k: Object.fromEntries(items.slice(0, 150).map((x) => [x.id, 0.5])) },
    stopping: { maxItems: 30, classification: { cuts: [0.5], method: 'sprt' } },
  },
};

/** play `n` steps, answering as a tasker at θ (polytomous: middle category) */
function play(state: CatState, config: CatConfig, n: number, seed: number): CatState {
  const rng = mulberry32(seed);
  const ans = answerer(0.4, mulberry32(seed + 1));
  let s = state;
  for (let k = 0; k < n; k++) {
    const step = nextItem(s, compiled, config, rng);
    if (!('itemId' in step)) return step.state;
    const it = map.get(step.itemId)!;
    s = recordResponse(step.state, compiled, config, step.itemId, 'thresholds' in it ? 1 : ans(it));
  }
  return s;
}

describe('serialisable state', () => {
  it.each(Object.keys(configs))('%s: JSON round trip gives the same next item and the same rest of the test', (name) => {
    const config = configs[name]!;
    const mid = play(startSession(config, compiled, { exclude: ['i00001'], enemies: [['i00002', 'i00003']] }), config, 12, 5);
    const parsed = JSON.parse(JSON.stringify(mid)) as CatState;
    expect(parsed).toEqual(mid);
    const a = nextItem(mid, compiled, config, mulberry32(77));
    const b = nextItem(parsed, compiled, config, mulberry32(77));
    expect(b).toEqual(a);
    // finishing from either copy gives identical sessions
    const endA = play(mid, config, 40, 9);
    const endB = play(parsed, config, 40, 9);
    expect(JSON.stringify(endB)).toBe(JSON.stringify(endA));
  });

  it('is small: a 30-item test state is well under 2 KB', () => {
    const config: CatConfig = { stopping: { maxItems: 30 } };
    const end = play(startSession(config, compiled), config, 40, 3);
    expect(end.items).toHaveLength(30);
    const json = JSON.stringify(end);
    expect(json.length).toBeLessThan(2048);
    expect(Object.keys(end).sort()).toEqual(['bank', 'config', 'items', 'scores', 'skills', 'stop', 'v']);
  });

  it('functions are pure: the input state is never modified', () => {
    const config = configs.mfi!;
    const s0 = play(startSession(config, compiled), config, 5, 1);
    const snapshot = JSON.stringify(s0);
    const step = nextItem(s0, compiled, config, mulberry32(1));
    if (!('itemId' in step)) throw new Error('stop');
    expect(JSON.stringify(s0)).toBe(snapshot);
    const s1 = recordResponse(step.state, compiled, config, step.itemId, 1);
    expect(step.state.pending).toBe(step.itemId);
    expect(s1.pending).toBeUndefined();
    expect(JSON.stringify(s0)).toBe(snapshot);
    // asking again before answering serves the same pending item
    const again = nextItem(step.state, compiled, config, mulberry32(999));
    expect('itemId' in again && again.itemId).toBe(step.itemId);
  });

  it('EAP and posterior agree with the estimators package after every response', () => {
    const config: CatConfig = { stopping: { maxItems: 12 } };
    let s = startSession(config, compiled);
    const rng = mulberry32(4);
    for (let k = 0; k < 12; k++) {
      const step = nextItem(s, compiled, config, rng);
      if (!('itemId' in step)) break;
      s = recordResponse(step.state, compiled, config, step.itemId, rng() < 0.5 ? 1 : 0);
      const adm = s.items.map((id) => map.get(id)!);
      const ref = estimateAbility(adm, s.scores, { method: 'EAP' });
      expect(s.skills.default!.theta).toBeCloseTo(ref.theta, 8);
      expect(s.skills.default!.se).toBeCloseTo(ref.se, 8);
    }
    const post = skillPosterior(s, compiled, config, 'default');
    const mean = post.nodes.reduce((acc, t, q) => acc + t * post.weights[q]!, 0);
    expect(mean).toBeCloseTo(s.skills.default!.theta, 10);
  });

  it('MLE/WLE/MAP interim estimates come from estimateAbility', () => {
    for (const method of ['MLE', 'WLE', 'MAP'] as const) {
      const config: CatConfig = { estimator: { method }, stopping: { maxItems: 8 } };
      const s = play(startSession(config, compiled), config, 8, 2);
      const ref = estimateAbility(s.items.map((id) => map.get(id)!), s.scores, { method });
      expect(s.skills.default!.theta).toBeCloseTo(ref.theta, 10);
      expect(Number.isFinite(s.skills.default!.se)).toBe(true);
    }
  });

  it('rejects inconsistent calls with typed errors', () => {
    const config = configs.mfi!;
    const s0 = startSession(config, compiled);
    const step = nextItem(s0, compiled, config, mulberry32(1));
    if (!('itemId' in step)) throw new Error('stop');
    const problem = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(CatStateError);
        return (e as CatStateError).problem;
      }
      return 'no error';
    };
    const other = items.find((x) => x.id !== step.itemId)!.id;
    expect(problem(() => recordResponse(step.state, compiled, config, other, 1))).toBe('not-pending');
    expect(problem(() => recordResponse(step.state, compiled, config, 'nope', 1))).toBe('unknown-item');
    expect(problem(() => recordResponse(step.state, compiled, config, step.itemId, 2))).toBe('invalid-score');
    expect(problem(() => recordResponse(step.state, compiled, config, step.itemId, 0.5))).toBe('invalid-score');
    const s1 = recordResponse(step.state, compiled, config, step.itemId, 1);
    expect(problem(() => recordResponse(s1, compiled, config, step.itemId, 1))).toBe('already-administered');
    expect(problem(() => nextItem(s1, compiled, { ...config, stopping: { maxItems: 31 } }, mulberry32(1)))).toBe('config-mismatch');
    expect(problem(() => nextItem({ ...s1, v: 2 } as unknown as CatState, compiled, config, mulberry32(1)))).toBe('malformed-state');
    const done = play(startSession({ stopping: { maxItems: 2 } }, compiled), { stopping: { maxItems: 2 } }, 5, 1);
    expect(done.stop).toBe('max-items');
    expect(problem(() => recordResponse(done, compiled, { stopping: { maxItems: 2 } }, other, 1))).toBe('finished');
    // polytomous scores up to K
    const poly = recordResponse(s0, compiled, config, 'poly-grm', 3);
    expect(poly.scores).toEqual([3]);
    expect(problem(() => recordResponse(s0, compiled, config, 'poly-gpcm', 3))).toBe('invalid-score');
  });

  it('summarize reports per-skill estimate, interval and the stop reason', () => {
    const config: CatConfig = { stopping: { maxItems: 10, classification: { cuts: [-0.5, 0.8], method: 'ci', z: 1 } } };
    const end = play(startSession(config, compiled), config, 20, 6);
    const sum = summarize(end, config);
    const sk = sum.skills.default!;
    // Φ⁻¹(0.975) = 1.959963984540054 (published value)
    expect(sk.ci95[0]).toBeCloseTo(sk.theta - 1.959963984540054 * sk.se, 8);
    expect(sk.ci95[1]).toBeCloseTo(sk.theta + 1.959963984540054 * sk.se, 8);
    expect(sk.classification.map((c) => c.cut)).toEqual([-0.5, 0.8]);
    for (const c of sk.classification) expect(c.decision).toBe(sk.theta >= c.cut ? 'above' : 'below');
    expect(sum.stop).toBe(end.stop);
    expect(sum.items).toBe(end.items.length);
  });
});

describe('determinism does not depend on the key order of the stored state', () => {
  // Two skills; the bank lists reading first. A store may return state.skills (or any object) with its keys in
  // another order (DynamoDB maps do): every choice must follow the config/bank order instead.
  const twoSkills: Item[] = [
    ...bank2PL(120, 61, () => ({ skill: 'reading' })).map((x) => ({ ...x, id: `r${x.id}` })),
    ...bank2PL(120, 62, () => ({ skill: 'math' })).map((x) => ({ ...x, id: `m${x.id}` })),
    { id: 'r-grm', model: 'GRM', a: 1.3, thresholds: [-0.8, 0.1, 0.9], skill: 'reading' },
  ];
  const bank = compileBank(twoSkills);
  const lookup = byId(twoSkills);
  const truth: Record<string, number> = { reading: 0.3, math: -0.4 };

  /** a deep copy with the keys of every object in another order (reversed, then rotated by `shift`) */
  function permuteKeys<T>(value: T, shift: number): T {
    if (Array.isArray(value)) return value.map((v) => permuteKeys(v, shift)) as T;
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value).reverse();
    const r = keys.length === 0 ? 0 : shift % keys.length;
    const out: Record<string, unknown> = {};
    for (const k of [...keys.slice(r), ...keys.slice(0, r)]) out[k] = permuteKeys((value as Record<string, unknown>)[k], shift + 1);
    return out as T;
  }

  /** whole session; with `permute`, every state is stored and read back with its keys reordered before use */
  function session(config: CatConfig, seed: number, permute: boolean): { served: string[]; end: CatState } {
    const store = (st: CatState, k: number) => (permute ? permuteKeys(JSON.parse(JSON.stringify(st)) as CatState, k) : st);
    const rng = mulberry32(seed);
    const answers = mulberry32(seed + 1);
    const served: string[] = [];
    let state = store(startSession(config, bank), 1);
    for (let k = 0; k < 200; k++) {
      const step = nextItem(state, bank, config, rng);
      if (!('itemId' in step)) return { served, end: step.state };
      served.push(step.itemId);
      const it = lookup.get(step.itemId)!;
      const score = 'thresholds' in it ? 2 : answers() < pCorrect(it, truth[it.skill!]!) ? 1 : 0;
      state = store(recordResponse(store(step.state, k + 2), bank, config, step.itemId, score), k + 3);
    }
    throw new Error('did not stop');
  }

  const configs: Record<string, CatConfig> = {
    'equal shares, per-skill SE rules': {
      stopping: { maxItems: 40, seThreshold: 0.45, seMethod: 'information', skills: { math: { seThreshold: 0.4 } } },
    },
    'config skill order, targets, posterior rule with CMI': {
      skills: ['math', 'reading'],
      selection: { method: 'CMI' },
      blueprint: { constraints: [{ skill: 'math', target: 0.5 }, { skill: 'reading', target: 0.5 }] },
      stopping: { maxItems: 24, classification: { cuts: { math: [0], reading: [0.5] }, method: 'posterior', confidence: 0.9 } },
    },
    'randomesque, progressive exposure, SPRT': {
      selection: { method: 'MFI', randomesque: 4 },
      exposure: { method: 'progressive' },
      stopping: { maxItems: 30, classification: { cuts: [0.2], method: 'sprt' } },
    },
  };

  it.each(Object.keys(configs))('%s: same items, same stop, same summary', (name) => {
    const config = configs[name]!;
    for (const seed of [1, 2, 3]) {
      const plain = session(config, seed, false);
      const shuffled = session(config, seed, true);
      expect(shuffled.served).toEqual(plain.served);
      expect(shuffled.end).toEqual(plain.end); // toEqual ignores key order
      expect(summarize(shuffled.end, config)).toEqual(summarize(plain.end, config));
      // both skills were tested, so the order between them mattered
      expect(plain.served.some((id) => id.startsWith('m')) && plain.served.some((id) => id.startsWith('r'))).toBe(true);
    }
  });
});
