import { ConfigError, compileBank, nextItem, startSession, validateConfig, type CatConfig } from '../src/cat';
import { mulberry32 } from '../src/random';
import { deriveSympsonHetter, simulate } from '../src/simulation';
import { bank2PL, normalThetas } from './cat-fixtures';

const items = bank2PL(150, 61);
const compiled = compileBank(items);
const fixed10: CatConfig = { selection: { method: 'MFI' }, stopping: { maxItems: 10, minItems: 10 } };

describe('Sympson–Hetter', () => {
  it('derivation brings the maximum exposure to the target, and it holds on fresh simulees', () => {
    const baseline = simulate(compiled, normalThetas(200, 1), fixed10, { seed: 3 });
    expect(baseline.exposure.max).toBeGreaterThan(0.6); // uncontrolled MFI overexposes

    const target = 0.3;
    const sh = deriveSympsonHetter(compiled, fixed10, normalThetas(250, 2), { targetRate: target, iterations: 12, seed: 5 });
    expect(sh.converged).toBe(true);
    expect(sh.history.at(-1)!.maxExposure).toBeLessThanOrEqual(target);
    expect(sh.history[0]!.maxExposure).toBeGreaterThan(target);
    expect(Object.values(sh.k).every((k) => k > 0 && k < 1)).toBe(true);

    const fresh = simulate(compiled, normalThetas(400, 99), sh.config, { seed: 11 });
    // new simulees: only sampling noise can push the maximum over the target (binomial SD ≈ 0.023 at N = 400)
    expect(fresh.exposure.max).toBeLessThanOrEqual(target + 0.03);
    expect(fresh.length.mean).toBe(10);
  });

  it('an item with k = 0 is never administered while others are available', () => {
    const best = (() => {
      const step = nextItem(startSession(fixed10, compiled), compiled, fixed10, mulberry32(1));
      return 'itemId' in step ? step.itemId : '';
    })();
    const config: CatConfig = { ...fixed10, exposure: { method: 'sympson-hetter', k: { [best]: 0 } } };
    for (let s = 0; s < 30; s++) {
      const step = nextItem(startSession(config, compiled), compiled, config, mulberry32(s));
      expect('itemId' in step && step.itemId).not.toBe(best);
      // the rejected item is set aside for the rest of the session
      expect(step.state.rejected).toEqual([best]);
    }
  });
});

describe('live exposure control (no pre-simulation)', () => {
  it('restricted: maximum exposure ≤ maxRate over 1,000 simulees (variable length, SE stopping)', () => {
    const config: CatConfig = { stopping: { maxItems: 12, seThreshold: 0.4 }, exposure: { method: 'restricted', maxRate: 0.2 } };
    const r = simulate(compiled, normalThetas(1000, 7), config, { seed: 8 });
    expect(r.exposure.max).toBeLessThanOrEqual(0.2);
    // the cap binds (uncontrolled MFI gives the best items to nearly everyone) and precision stays reasonable
    expect(simulate(compiled, normalThetas(200, 7), { stopping: config.stopping }, { seed: 8 }).exposure.max).toBeGreaterThan(0.6);
    expect(r.rmse).toBeLessThan(0.5);
  });

  it('progressive spreads exposure relative to plain MFI; with maxRate it also caps it', () => {
    const sims = normalThetas(300, 9);
    const plain = simulate(compiled, sims, fixed10, { seed: 1 });
    const prog = simulate(compiled, sims, { ...fixed10, exposure: { method: 'progressive' } }, { seed: 1 });
    expect(prog.exposure.max).toBeLessThan(plain.exposure.max);
    expect(prog.exposure.unused).toBeLessThan(plain.exposure.unused);
    const capped = simulate(compiled, sims, { ...fixed10, exposure: { method: 'progressive', maxRate: 0.15 } }, { seed: 1 });
    expect(capped.exposure.max).toBeLessThanOrEqual(0.15);
  });

  it('startSession blocks items at their cap from the running counts', () => {
    const config: CatConfig = { ...fixed10, exposure: { method: 'restricted', maxRate: 0.1 } };
    // test number 100: cap = max(1, floor(0.1 · 100)) = 10
    const state = startSession(config, compiled, { exposure: { tests: 99, items: { i00001: 10, i00002: 9, nope: 50 } } });
    expect(state.blocked).toEqual(['i00001']);
  });
});

describe('exposure combinations the engine cannot honour are config errors, never silently ignored', () => {
  const cases: [string, CatConfig['selection'], CatConfig['exposure']][] = [
    ['progressive with a-stratified', { method: 'a-stratified' }, { method: 'progressive' }],
    ['progressive (restricted) with a-stratified', { method: 'a-stratified' }, { method: 'progressive', maxRate: 0.2 }],
    ['progressive with random', { method: 'random' }, { method: 'progressive' }],
    ['sympson-hetter with random', { method: 'random' }, { method: 'sympson-hetter', k: {} }],
  ];
  it.each(cases)('%s: validateConfig and startSession throw a ConfigError on exposure.method', (_name, selection, exposure) => {
    const config: CatConfig = { selection, exposure, stopping: { maxItems: 10 } };
    for (const attempt of [() => validateConfig(config), () => startSession(config, compiled)]) {
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/exposure\.method/);
    }
  });

  it('progressive with MFI, KL, KLP and restricted with a-stratified are accepted', () => {
    for (const method of ['MFI', 'KL', 'KLP'] as const)
      expect(() => validateConfig({ selection: { method }, exposure: { method: 'progressive' }, stopping: { maxItems: 10 } })).not.toThrow();
    expect(() =>
      validateConfig({ selection: { method: 'a-stratified' }, exposure: { method: 'restricted', maxRate: 0.2 }, stopping: { maxItems: 10 } }),
    ).not.toThrow();
  });
});
