import {
  ConfigError,
  compileBank,
  nextItem,
  recordResponse,
  startSession,
  summarize,
  type CatConfig,
  type CatState,
  type CompiledBank,
  type NextItemResult,
  validateConfig,
} from '../src/cat';
import { estimateAbility } from '../src/estimators';
import { mulberry32 } from '../src/random';
import type { DichotomousItem, Item } from '../src/types';
import { answerer, bank2PL, byId, pCorrect } from './cat-fixtures';

function runAll(compiled: CompiledBank, items: Item[], config: CatConfig, seed: number, theta: number): { state: CatState; trace: CatState[] } {
  const map = byId(items);
  let state = startSession(config, compiled);
  const rng = mulberry32(seed);
  const ans = answerer(theta, mulberry32(seed + 3));
  const trace: CatState[] = [state];
  for (;;) {
    const step: NextItemResult = nextItem(state, compiled, config, rng);
    state = step.state;
    if (!('itemId' in step)) return { state, trace };
    state = recordResponse(state, compiled, config, step.itemId, ans(map.get(step.itemId)!));
    trace.push(state);
  }
}

const logLik = (items: DichotomousItem[], scores: number[], theta: number) =>
  items.reduce((acc, it, k) => {
    const p = pCorrect(it, theta);
    return acc + Math.log(scores[k] === 1 ? p : 1 - p);
  }, 0);

describe('length, SE, information and exhaustion rules', () => {
  const items = bank2PL(200, 71);
  const compiled = compileBank(items);

  it('se-threshold fires the first time SE ≤ threshold and reports itself', () => {
    const config: CatConfig = { stopping: { maxItems: 50, seThreshold: 0.4 } };
    for (let s = 0; s < 10; s++) {
      const { state, trace } = runAll(compiled, items, config, s, -1.5 + s * 0.3);
      expect(state.stop).toBe('se-threshold');
      expect(state.skills.default!.stop).toEqual({ reason: 'se-threshold', at: state.items.length });
      expect(state.skills.default!.se).toBeLessThanOrEqual(0.4);
      expect(trace.at(-2)!.skills.default!.se).toBeGreaterThan(0.4);
      expect(summarize(state).stop).toBe('se-threshold');
    }
  });

  it("seMethod 'information': stops on 1/√(1/σ² + Σ a²PQ at θ̂), reported separately from the posterior SD", () => {
    // a non-standard prior and D, so that the prior precision and D² are both exercised
    const prior = { mean: 0.2, sd: 1.4 };
    const D = 1.702;
    const threshold = 0.33;
    const config: CatConfig = {
      estimator: { method: 'EAP', prior, D },
      stopping: { maxItems: 50, seThreshold: threshold, seMethod: 'information' },
    };
    const map = byId(items);
    for (let s = 0; s < 6; s++) {
      const { state, trace } = runAll(compiled, items, config, s, -1.2 + s * 0.5);
      expect(trace[0]!.skills.default!.seInformation).toBe(prior.sd);
      for (const st of trace.slice(1)) {
        const sk = st.skills.default!;
        // independent closed form (cat-fixtures): I_i = D²a²PQ at the current EAP estimate
        const administered = st.items.map((id) => map.get(id) as DichotomousItem);
        const information = 1 / prior.sd ** 2 + administered.reduce((acc, it) => acc + D * D * it.a * it.a * pCorrect(it, sk.theta, D) * (1 - pCorrect(it, sk.theta, D)), 0);
        expect(sk.seInformation!).toBeCloseTo(1 / Math.sqrt(information), 12);
        // the reported SE is still the EAP posterior SD
        const eap = estimateAbility(administered, st.scores, { method: 'EAP', prior, D });
        expect(sk.se).toBeCloseTo(eap.se, 10);
        expect(sk.theta).toBeCloseTo(eap.theta, 10);
      }
      // fires the first time the information SE reaches the threshold, whatever the posterior SD says
      expect(state.stop).toBe('se-threshold');
      expect(state.skills.default!.seInformation!).toBeLessThanOrEqual(threshold);
      expect(trace.at(-2)!.skills.default!.seInformation!).toBeGreaterThan(threshold);
      const sum = summarize(state, config).skills.default!;
      expect(sum.se).toBe(state.skills.default!.se);
      expect(sum.seInformation).toBe(state.skills.default!.seInformation);
      expect(sum.ci95[1] - sum.ci95[0]).toBeCloseTo(2 * 1.959963984540054 * sum.se, 8);
    }
  });

  it("seMethod defaults to 'posterior' (no information SE recorded) and is validated", () => {
    const { state } = runAll(compiled, items, { stopping: { maxItems: 50, seThreshold: 0.4 } }, 2, 0.3);
    expect(state.skills.default!.seInformation).toBeUndefined();
    expect(summarize(state).skills.default!.seInformation).toBeUndefined();
    const bad = { stopping: { maxItems: 5, seThreshold: 0.4, seMethod: 'fisher' } } as unknown as CatConfig;
    expect(() => validateConfig(bad)).toThrow(ConfigError);
    try {
      validateConfig(bad);
    } catch (e) {
      expect((e as ConfigError).field).toBe('stopping.seMethod');
    }
  });

  it('on these 2PL tests the information rule stops at the same item as the posterior-SD rule or sooner', () => {
    // same seeds, so the same items and answers while the two tests coincide
    let shorter = 0;
    for (let s = 0; s < 12; s++) {
      const theta = -1.5 + s * 0.25;
      const post = runAll(compiled, items, { stopping: { maxItems: 50, seThreshold: 0.35 } }, s, theta).state;
      const info = runAll(compiled, items, { stopping: { maxItems: 50, seThreshold: 0.35, seMethod: 'information' } }, s, theta).state;
      expect(info.items).toEqual(post.items.slice(0, info.items.length));
      if (info.items.length < post.items.length) shorter++;
    }
    expect(shorter).toBeGreaterThan(0);
  });

  it('max-items caps the test', () => {
    const { state } = runAll(compiled, items, { stopping: { maxItems: 5, seThreshold: 0.01 } }, 1, 0);
    expect(state.items).toHaveLength(5);
    expect(state.stop).toBe('max-items');
  });

  it('minItems holds back a rule that is already satisfied', () => {
    const { state } = runAll(compiled, items, { stopping: { maxItems: 20, minItems: 4, seThreshold: 5 } }, 1, 0);
    expect(state.items).toHaveLength(4);
    expect(state.stop).toBe('se-threshold');
  });

  it('min-information stops when no remaining item is informative enough at θ̂', () => {
    const weak: Item[] = [
      ...Array.from({ length: 3 }, (_, k) => ({ id: `strong${k}`, model: '2PL' as const, a: 2, b: 0 })),
      ...Array.from({ length: 30 }, (_, k) => ({ id: `weak${k}`, model: '2PL' as const, a: 0.4, b: (k - 15) / 5 })),
    ];
    // strong items give 2²/4 = 1 at their b; weak ones at most 0.4²/4 = 0.04
    const config: CatConfig = { stopping: { maxItems: 30, minInformation: 0.05 } };
    const { state } = runAll(compileBank(weak), weak, config, 2, 0);
    expect(state.stop).toBe('min-information');
    expect(state.items.every((id) => id.startsWith('strong'))).toBe(true);
    expect(state.items).toHaveLength(3);
  });

  it('bank-exhausted when the pool runs out before any other rule', () => {
    const small = bank2PL(4, 72);
    const { state } = runAll(compileBank(small), small, { stopping: { maxItems: 10, seThreshold: 0.05 } }, 1, 0);
    expect(state.items).toHaveLength(4);
    expect(state.stop).toBe('bank-exhausted');
  });
});

describe('classification rules', () => {
  const items: DichotomousItem[] = [
    { id: 'q1', model: '2PL', a: 1.5, b: 0 },
    { id: 'q2', model: '2PL', a: 2.0, b: 0.3 },
    { id: 'q3', model: '2PL', a: 1.2, b: -0.2 },
    ...bank2PL(40, 73),
  ];
  const compiled = compileBank(items);

  it('SPRT: log-likelihood ratio matches a hand computation and the decision flips exactly at the bound', () => {
    const cut = 0;
    const delta = 0.4;
    const pattern = [1, 1, 1];
    const llr = (n: number) =>
      logLik(items.slice(0, n), pattern.slice(0, n), cut + delta) - logLik(items.slice(0, n), pattern.slice(0, n), cut - delta);
    const mid = (llr(2) + llr(3)) / 2; // bound between the 2nd and 3rd response
    const alpha = 1 / (1 + Math.exp(mid)); // log((1 − α)/α) = mid with α = β
    const config: CatConfig = {
      stopping: { maxItems: 10, classification: { cuts: [cut], method: 'sprt', delta, alpha, beta: alpha } },
    };
    let state = startSession(config, compiled);
    for (let k = 0; k < 3; k++) {
      state = recordResponse(state, compiled, config, `q${k + 1}`, pattern[k]!);
      expect(state.skills.default!.llr![0]).toBeCloseTo(llr(k + 1), 10);
      const step = nextItem(state, compiled, config, mulberry32(1));
      if (k < 2) expect('itemId' in step).toBe(true);
      else expect('stop' in step && step.stop).toBe('classification-sprt');
    }
    const sum = summarize(state, config);
    expect(sum.skills.default!.classification).toMatchObject([{ cut, decision: 'above', by: 'sprt' }]);
    expect(sum.skills.default!.classification[0]!.llr).toBeCloseTo(llr(3), 10);
  });

  it('SPRT with two cuts stops only when both are decided', () => {
    const config: CatConfig = {
      stopping: { maxItems: 30, classification: { cuts: [-1, 1], method: 'sprt', delta: 0.3, alpha: 0.05, beta: 0.05 } },
    };
    const upper = Math.log(0.95 / 0.05);
    for (let s = 0; s < 8; s++) {
      const { state } = runAll(compiled, items, config, s, -2 + s * 0.55);
      if (state.stop === 'classification-sprt')
        for (const v of state.skills.default!.llr!) expect(Math.abs(v)).toBeGreaterThanOrEqual(upper - 1e-12);
      else expect(state.stop).toBe('max-items');
    }
  });

  it('GLR statistic matches a fine-grid maximisation of the likelihood', () => {
    const cut = 0.2;
    const delta = 0.3;
    const config: CatConfig = { stopping: { maxItems: 10, classification: { cuts: [cut], method: 'glr', delta } } };
    let state = startSession(config, compiled);
    const pattern = [1, 0, 1];
    pattern.forEach((x, k) => (state = recordResponse(state, compiled, config, `q${k + 1}`, x)));
    const grid = (lo: number, hi: number) => {
      let m = -Infinity;
      for (let t = lo; t <= hi + 1e-9; t += 0.001) m = Math.max(m, logLik(items.slice(0, 3), pattern, t));
      return m;
    };
    const expected = grid(cut + delta, 6) - grid(-6, cut - delta);
    expect(state.skills.default!.llr![0]).toBeCloseTo(expected, 2);
  });

  it('CI rule: stops exactly when θ̂ ± z·SE is on one side of every cut', () => {
    const cuts = [-1, 0];
    const z = 1.5;
    const config: CatConfig = { stopping: { maxItems: 30, classification: { cuts, method: 'ci', z } } };
    for (let s = 0; s < 8; s++) {
      const { state, trace } = runAll(compiled, items, config, s, -2.5 + s * 0.7);
      // the estimate agrees with an independent EAP
      const adm = state.items.map((id) => items.find((x) => x.id === id)!);
      const eap = estimateAbility(adm, state.scores, { method: 'EAP' });
      expect(state.skills.default!.theta).toBeCloseTo(eap.theta, 5);
      expect(state.skills.default!.se).toBeCloseTo(eap.se, 5);
      const excludes = (st: CatState) =>
        cuts.every((c) => {
          const { theta, se } = st.skills.default!;
          return theta - z * se > c || theta + z * se < c;
        });
      if (state.stop === 'classification-ci') expect(excludes(state)).toBe(true);
      else expect(state.stop).toBe('max-items');
      for (const st of trace.slice(1, -1)) expect(excludes(st)).toBe(false);
    }
  });

  it('posterior rule: P(θ ≥ cut) agrees with numerical integration and stops at the confidence', () => {
    const cut = 0.5;
    const config: CatConfig = { stopping: { maxItems: 25, classification: { cuts: [cut], method: 'posterior', confidence: 0.9 } } };
    const { state } = runAll(compiled, items, config, 5, 1.5);
    const adm = state.items.map((id) => items.find((x) => x.id === id)!);
    let num = 0;
    let den = 0;
    for (let t = -6; t <= 6; t += 0.001) {
      const w = Math.exp(logLik(adm, state.scores, t) - (t * t) / 2);
      den += w;
      if (t >= cut) num += w;
    }
    const pAbove = state.skills.default!.pAbove![0]!;
    expect(pAbove).toBeCloseTo(num / den, 2);
    if (state.stop === 'classification-posterior') expect(Math.max(pAbove, 1 - pAbove)).toBeGreaterThanOrEqual(0.9);
    const cls = summarize(state, config).skills.default!.classification[0]!;
    expect(cls.decision).toBe(pAbove >= 0.5 ? 'above' : 'below');
  });
});

describe('posterior rule with itemCost (preposterior stopping)', () => {
  const items = bank2PL(300, 74);
  const compiled = compileBank(items);
  const base: CatConfig = {
    selection: { method: 'MFI', target: 'cut' },
    stopping: { maxItems: 60, classification: { cuts: [0.5], method: 'posterior', confidence: 0.995 } },
  };
  const withCost: CatConfig = {
    ...base,
    stopping: { maxItems: 60, classification: { cuts: [0.5], method: 'posterior', confidence: 0.995, itemCost: 0.001 } },
  };

  it('gives up on taskers sitting at the cut long before the maximum, while still unsure', () => {
    let stoppedEarly = 0;
    for (let s = 0; s < 12; s++) {
      const plain = runAll(compiled, items, base, s, 0.5).state;
      const costed = runAll(compiled, items, withCost, s, 0.5).state;
      expect(costed.items.length).toBeLessThanOrEqual(plain.items.length);
      if (costed.stop === 'classification-posterior' && costed.items.length < 60) {
        const p = costed.skills.default!.pAbove![0]!;
        if (Math.max(p, 1 - p) < 0.995) stoppedEarly++; // stopped by the cost rule, not by confidence
      }
    }
    expect(stoppedEarly).toBeGreaterThan(6);
  });

  it('keeps testing while a few items can still settle the decision', () => {
    // one response in, a tasker near the cut is far from decided and items at the cut are informative
    const state = recordResponse(startSession(withCost, compiled), compiled, withCost, items[0]!.id, 1);
    const step = nextItem(state, compiled, withCost, mulberry32(1));
    expect('itemId' in step).toBe(true);
  });
});

describe('multi-skill sessions', () => {
  const items: Item[] = [
    ...bank2PL(100, 81, () => ({ skill: 'reading' })).map((x) => ({ ...x, id: `r${x.id}` })),
    ...bank2PL(100, 82, () => ({ skill: 'math' })).map((x) => ({ ...x, id: `m${x.id}` })),
  ];
  const compiled = compileBank(items);
  const map = byId(items);
  const truth: Record<string, number> = { reading: -0.8, math: 1.1 };
  const play = (config: CatConfig, seed: number) => {
    let state = startSession(config, compiled);
    const rng = mulberry32(seed);
    const r2 = mulberry32(seed + 9);
    for (;;) {
      const step = nextItem(state, compiled, config, rng);
      state = step.state;
      if (!('itemId' in step)) return state;
      const it = map.get(step.itemId) as DichotomousItem;
      state = recordResponse(state, compiled, config, step.itemId, r2() < pCorrect(it, truth[it.skill!]!) ? 1 : 0);
    }
  };

  it('each skill keeps its own estimate and stops on its own rule; a finished skill gets no more items', () => {
    const config: CatConfig = {
      stopping: { maxItems: 60, seThreshold: 0.5, skills: { math: { seThreshold: 0.35 } } },
    };
    for (let s = 0; s < 5; s++) {
      const state = play(config, s);
      const sum = summarize(state, config);
      expect(sum.skills.reading!.se).toBeLessThanOrEqual(0.5);
      expect(sum.skills.math!.se).toBeLessThanOrEqual(0.35);
      expect(state.skills.reading!.stop!.reason).toBe('se-threshold');
      expect(state.skills.math!.stop!.reason).toBe('se-threshold');
      const at = state.skills.reading!.stop!.at;
      // after reading stopped, every further item is a math item
      expect(state.items.slice(at).every((id) => id.startsWith('m'))).toBe(true);
      expect(state.skills.reading!.n).toBe(at - state.items.slice(0, at).filter((id) => id.startsWith('m')).length);
      // estimates are per skill
      expect(sum.skills.reading!.theta).toBeLessThan(sum.skills.math!.theta);
      expect(state.stop).toBe('se-threshold');
    }
  });

  it('skills are balanced while both are running (equal implicit targets)', () => {
    const config: CatConfig = { stopping: { maxItems: 20, minItems: 20 } };
    const state = play(config, 1);
    const reading = state.items.filter((id) => id.startsWith('r')).length;
    expect(reading).toBe(10);
    // alternates: never more than one item ahead
    let diff = 0;
    for (const id of state.items) {
      diff += id.startsWith('r') ? 1 : -1;
      expect(Math.abs(diff)).toBeLessThanOrEqual(1);
    }
  });

  it('perSkill: false keeps testing every skill until all rules hold together', () => {
    const config: CatConfig = { stopping: { maxItems: 60, seThreshold: 0.4, perSkill: false } };
    const state = play(config, 3);
    expect(state.stop).toBe('se-threshold');
    expect(state.skills.reading!.se).toBeLessThanOrEqual(0.4);
    expect(state.skills.math!.se).toBeLessThanOrEqual(0.4);
    // balanced to the end (no skill set aside early)
    const reading = state.items.filter((id) => id.startsWith('r')).length;
    expect(Math.abs(2 * reading - state.items.length)).toBeLessThanOrEqual(1);
  });
});
