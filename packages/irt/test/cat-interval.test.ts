// One confidence level: the result's ci95, the CI classification stop and (in @theta/assessment) the routing all use
// Z_95 and confidenceInterval. Reference values: Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(0.95) = 1.644853626951472,
// Φ⁻¹(0.995) = 2.575829303548901 (published tables, e.g. Abramowitz & Stegun 26.2; R qnorm).
import { compileBank, confidenceInterval, nextItem, recordResponse, sideOfCut, startSession, summarize, Z_95, zForConfidence, type CatConfig, type CatState } from '../src/cat';
import { mulberry32 } from '../src/random';
import { bank2PL } from './cat-fixtures';

describe('Z_95 and zForConfidence', () => {
  test('match the published quantiles of the standard normal', () => {
    expect(Z_95).toBeCloseTo(1.959963984540054, 8);
    expect(zForConfidence(0.9)).toBeCloseTo(1.644853626951472, 8);
    expect(zForConfidence(0.99)).toBeCloseTo(2.575829303548901, 8);
  });

  test('Z_95 is exactly what zForConfidence(0.95) computes (a blueprint confidence 0.95 and the default agree bit for bit)', () => {
    expect(zForConfidence(0.95)).toBe(Z_95);
  });

  test('confidenceInterval is θ ± z·SE; sideOfCut counts a bound on the cut as undecided', () => {
    expect(confidenceInterval(1, 0.5, 2)).toEqual([0, 2]);
    expect(sideOfCut([0, 2], 0)).toBeUndefined();
    expect(sideOfCut([0, 2], 2)).toBeUndefined();
    expect(sideOfCut([0, 2], -0.001)).toBe('above');
    expect(sideOfCut([0, 2], 2.001)).toBe('below');
  });
});

describe('the CI stop and the reported ci95 agree in the sliver between 1.959964 and 1.96', () => {
  const items = bank2PL(40, 5);
  const bank = compileBank(items);
  const config: CatConfig = { version: 'ci-sliver', stopping: { maxItems: 30, classification: { method: 'ci', cuts: [0] } } };
  const se = 0.3;
  // θ − 1.959964·SE > 0 but θ − 1.96·SE < 0: above the cut for a 95% interval, undecided for z = 1.96
  const theta = 1.95998 * se;

  function stateAt(): CatState {
    const first = nextItem(startSession(config, bank), bank, config, mulberry32(1));
    if (!('itemId' in first)) throw new Error('expected an item');
    const answered = recordResponse(first.state, bank, config, first.itemId, 1);
    return { ...answered, skills: { default: { ...answered.skills.default!, theta, se } } };
  }

  test('the sliver is real: the two multipliers disagree there', () => {
    expect(theta - 1.959964 * se).toBeGreaterThan(0);
    expect(theta - 1.96 * se).toBeLessThan(0);
  });

  test('the session stops by the CI rule exactly when the ci95 it reports clears the cut', () => {
    const state = stateAt();
    const next = nextItem(state, bank, config, mulberry32(2));
    expect('stop' in next && next.stop).toBe('classification-ci');
    const sum = summarize(next.state, config).skills.default!;
    expect(sum.ci95[0]).toBeGreaterThan(0);
    expect(sum.classification[0]).toEqual({ cut: 0, decision: 'above', by: 'ci' });
  });
});
