import { compileBank, nextItem, startSession, type CatConfig } from '../src/cat';
import { mulberry32 } from '../src/random';
import { deriveSympsonHetter, simulate } from '../src/simulation';
import { bank2PL, normalThetas } from './cat-fixtures';

const items = bank2PL(150, 61);
const compiled = compileBank(items);
const fixed10: CatConfig = { selection: { method: 'MFI' }, stopping: { maxItems: 10, minItems: 10 } };

describe('Sympson–Hetter', () => {
  it('derivation brings the maximum exposure to the target, and it holds on fresh simulees', () => {
    const baseline = simulate(compiled, normalThetas(300, 1), fixed10, { seed: 3 });
    expect(baseline.exposure.max).toBeGreaterThan(0.6); // uncontrolled MFI overexposes

    const target = 0.3;
    const sh = deriveSympsonHetter(compiled, fixed10, normalThetas(300, 2), { targetRate: target, iterations: 12, seed: 5 });
    expect(sh.converged).toBe(true);
    expect(sh.history.at(-1)!.maxExposure).toBeLessThanOrEqual(target);
    expect(sh.history[0]!.maxExposure).toBeGreaterThan(target);
    expect(Object.values(sh.k).every((k) => k > 0 && k < 1)).toBe(true);

    const fresh = simulate(compiled, normalThetas(600, 99), sh.config, { seed: 11 });
    // new simulees: sampling noise only (binomial SD ≈ 0.02 at r = 0.3, N = 600)
    expect(fresh.exposure.max).toBeLessThanOrEqual(target + 0.05);
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
  it('restricted: maximum exposure ≤ maxRate over 1,000 simulees', () => {
    const config: CatConfig = { ...fixed10, exposure: { method: 'restricted', maxRate: 0.2 } };
    const r = simulate(compiled, normalThetas(1000, 7), config, { seed: 8 });
    expect(r.exposure.max).toBeLessThanOrEqual(0.2);
    expect(r.length.mean).toBe(10);
    // precision stays reasonable
    expect(r.rmse).toBeLessThan(0.5);
  });

  it('restricted with SE stopping keeps the cap', () => {
    const config: CatConfig = { stopping: { maxItems: 25, seThreshold: 0.35 }, exposure: { method: 'restricted', maxRate: 0.25 } };
    const r = simulate(compiled, normalThetas(1000, 17), config, { seed: 18 });
    expect(r.exposure.max).toBeLessThanOrEqual(0.25);
  });

  it('progressive spreads exposure relative to plain MFI; with maxRate it also caps it', () => {
    const sims = normalThetas(500, 9);
    const plain = simulate(compiled, sims, fixed10, { seed: 1 });
    const prog = simulate(compiled, sims, { ...fixed10, exposure: { method: 'progressive' } }, { seed: 1 });
    expect(prog.exposure.max).toBeLessThan(plain.exposure.max - 0.2);
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
