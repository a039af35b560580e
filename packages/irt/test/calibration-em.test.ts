// MML-EM calibration: recovery of known parameters from simulated missing-by-design data, the SEs against the
// spread of estimates over replications, the analytic derivatives against finite differences.
import { calibrate, chiSquareSurvival, compileResponses, simulateResponses } from '../src/calibration/index';
import { categoryDerivatives, parameterCount, toVector } from '../src/calibration/item-params';
import { createRng, randomNormal, shuffleInPlace } from '../src/random';
import type { DichotomousItem, Item, PolytomousItem, Rng } from '../src/types';

const rmse = (xs: number[], ys: number[]) => Math.sqrt(xs.reduce((s, x, k) => s + (x - (ys[k] as number)) ** 2, 0) / xs.length);

function twoPL(rng: Rng, count: number, prefix: string): DichotomousItem[] {
  return Array.from({ length: count }, (_, j) => ({ id: `${prefix}${j}`, model: '2PL' as const, a: Math.exp(randomNormal(rng, 0.1, 0.25)), b: randomNormal(rng, 0, 1) }));
}

/** Each tasker answers `length` items drawn at random from `items` (missing by design). */
function randomDesign(rng: Rng, count: number, length: number) {
  const all = Array.from({ length: count }, (_, j) => j);
  return () => shuffleInPlace(rng, all.slice()).slice(0, length);
}

function fixedAnchorRun(seed: number, taskers: number) {
  const rng = createRng(seed);
  const anchors = twoPL(createRng(1), 40, 'a');
  const pilots = twoPL(createRng(2), 10, 'p');
  const truth = [...anchors, ...pilots];
  const thetas = Array.from({ length: taskers }, () => randomNormal(rng, 0.4, 1.2));
  const { data } = compileResponses(truth, simulateResponses(truth, thetas, randomDesign(rng, truth.length, 20), rng));
  const start: Item[] = [...anchors, ...pilots.map((p) => ({ ...p, a: 1, b: 0 }))];
  const result = calibrate(start, data, { estimate: truth.map((_, j) => j >= 40), population: 'estimate' });
  return { result, pilots };
}

describe('fixed-anchor 2PL', () => {
  it('puts pilot items on the anchors’ scale and estimates the shifted ability distribution', () => {
    const { result, pilots } = fixedAnchorRun(11, 3000);
    expect(result.converged).toBe(true);
    const est = result.items.slice(40) as DichotomousItem[];
    // 3000 × 20 / 50 = 1200 responses per pilot: SDs ~0.06–0.15, one pilot at b = 3.8 has SE(b) ≈ 0.5
    expect(rmse(est.map((i) => i.a), pilots.map((i) => i.a))).toBeLessThan(0.15);
    expect(rmse(est.map((i) => i.b), pilots.map((i) => i.b))).toBeLessThan(0.25);
    // standardised errors: no pilot off by more than 3.5 of its own SE, RMS z below 1.5
    const z = est.flatMap((i, k) => [(i.a - (pilots[k] as DichotomousItem).a) / (result.se[40 + k]?.a as number), (i.b - (pilots[k] as DichotomousItem).b) / (result.se[40 + k]?.b as number)]);
    expect(Math.max(...z.map(Math.abs))).toBeLessThan(3.5);
    expect(Math.sqrt(z.reduce((s, x) => s + x * x, 0) / z.length)).toBeLessThan(1.5);
    expect(Math.abs(result.population.mean - 0.4)).toBeLessThan(0.08);
    expect(Math.abs(result.population.sd - 1.2)).toBeLessThan(0.08);
    expect(result.se.slice(0, 40).every((s) => s === null)).toBe(true);
    expect(result.items.slice(0, 40)).toEqual(twoPL(createRng(1), 40, 'a'));
  });

  it('gives SEs that match the spread of the estimates over replications (within 30%)', () => {
    const reps = 16;
    const estimates: number[][] = [];
    const ses: number[][] = [];
    for (let r = 0; r < reps; r++) {
      const { result } = fixedAnchorRun(100 + r, 1500);
      const items = result.items.slice(40) as DichotomousItem[];
      estimates.push(items.flatMap((i) => [i.a, i.b]));
      ses.push(result.se.slice(40).flatMap((s) => [s?.a as number, s?.b as number]));
    }
    const params = estimates[0]?.length as number;
    let ratioSum = 0;
    for (let m = 0; m < params; m++) {
      const xs = estimates.map((e) => e[m] as number);
      const mean = xs.reduce((s, x) => s + x, 0) / reps;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps - 1));
      const meanSe = ses.reduce((s, e) => s + (e[m] as number), 0) / reps;
      ratioSum += meanSe / sd;
    }
    // averaged over the 20 parameters, the SD of a 16-replication SD is ~18% / √20 ≈ 4%
    expect(ratioSum / params).toBeGreaterThan(0.85);
    expect(ratioSum / params).toBeLessThan(1.15);
  });
});

describe('free calibration', () => {
  it('recovers 2PL items with the scale fixed by N(0, 1)', () => {
    const rng = createRng(21);
    const truth = twoPL(rng, 30, 'i');
    const thetas = Array.from({ length: 3000 }, () => randomNormal(rng));
    const { data } = compileResponses(truth, simulateResponses(truth, thetas, randomDesign(rng, 30, 15), rng));
    const result = calibrate(truth.map((t) => ({ ...t, a: 1, b: 0 })), data, { estimate: truth.map(() => true), population: 'standard' });
    expect(result.converged).toBe(true);
    const est = result.items as DichotomousItem[];
    expect(rmse(est.map((i) => i.a), truth.map((i) => i.a))).toBeLessThan(0.12);
    expect(rmse(est.map((i) => i.b), truth.map((i) => i.b))).toBeLessThan(0.12);
  });

  it('recovers 3PL items with the default priors, and refuses a 3PL without a prior on c', () => {
    const rng = createRng(31);
    const truth: DichotomousItem[] = twoPL(rng, 20, 'g').map((t) => ({ ...t, model: '3PL', a: t.a * 1.2, c: 0.1 + 0.15 * rng() }));
    const thetas = Array.from({ length: 4000 }, () => randomNormal(rng));
    const { data } = compileResponses(truth, simulateResponses(truth, thetas, () => truth.map((_, j) => j), rng));
    const start = truth.map((t) => ({ ...t, a: 1, b: 0, c: 0.2 }));
    expect(() => calibrate(start, data, { estimate: truth.map(() => true), population: 'standard', priors: { c: null } })).toThrow(/needs a prior on c/);
    const result = calibrate(start, data, { estimate: truth.map(() => true), population: 'standard' });
    expect(result.converged).toBe(true);
    expect(result.warnings.join()).toMatch(/Beta\(5, 17\)/);
    const est = result.items as DichotomousItem[];
    expect(rmse(est.map((i) => i.b), truth.map((i) => i.b))).toBeLessThan(0.25);
    expect(rmse(est.map((i) => i.a), truth.map((i) => i.a))).toBeLessThan(0.3);
    expect(rmse(est.map((i) => i.c ?? 0), truth.map((i) => i.c ?? 0))).toBeLessThan(0.08);
    expect(result.se.every((s) => s !== null && (s.c as number) > 0)).toBe(true);
  });

  it.each(['GRM', 'GPCM'] as const)('recovers %s items', (model) => {
    const rng = createRng(model === 'GRM' ? 41 : 42);
    const truth: PolytomousItem[] = Array.from({ length: 12 }, (_, j) => {
      const centre = randomNormal(rng, 0, 0.8);
      return { id: `r${j}`, model, a: Math.exp(randomNormal(rng, 0.1, 0.2)), thresholds: [centre - 0.8, centre + 0.2, centre + 1] };
    });
    const thetas = Array.from({ length: 2500 }, () => randomNormal(rng));
    const { data } = compileResponses(truth, simulateResponses(truth, thetas, randomDesign(rng, 12, 8), rng));
    const start = truth.map((t) => ({ ...t, a: 1, thresholds: [-1, 0, 1] }));
    const result = calibrate(start, data, { estimate: truth.map(() => true), population: 'standard' });
    expect(result.converged).toBe(true);
    const est = result.items as PolytomousItem[];
    expect(rmse(est.map((i) => i.a), truth.map((i) => i.a))).toBeLessThan(0.12);
    expect(rmse(est.flatMap((i) => i.thresholds), truth.flatMap((i) => i.thresholds))).toBeLessThan(0.15);
  });

  it('reports non-convergence instead of hiding it', () => {
    const rng = createRng(5);
    const truth = twoPL(rng, 10, 'i');
    const thetas = Array.from({ length: 300 }, () => randomNormal(rng));
    const { data } = compileResponses(truth, simulateResponses(truth, thetas, () => truth.map((_, j) => j), rng));
    const result = calibrate(truth.map((t) => ({ ...t, a: 1, b: 0 })), data, { estimate: truth.map(() => true), population: 'standard', maxIterations: 2 });
    expect(result.converged).toBe(false);
    expect(result.warnings.join()).toMatch(/not converged: 2 EM cycles/);
  });
});

describe('analytic derivatives of P_k with respect to the parameters', () => {
  const cases: Item[] = [
    { id: '1', model: '1PL', a: 1.3, b: 0.4 },
    { id: '2', model: '2PL', a: 1.3, b: 0.4 },
    { id: '3', model: '3PL', a: 1.3, b: 0.4, c: 0.2 },
    { id: 'g', model: 'GRM', a: 1.1, thresholds: [-1, 0.3, 1.2] },
    { id: 'p', model: 'GPCM', a: 0.9, thresholds: [0.5, -0.4, 1.1] },
  ];
  it.each(cases)('match central differences ($model)', (item) => {
    const p = parameterCount(item);
    const K1 = item.model === 'GRM' || item.model === 'GPCM' ? item.thresholds.length + 1 : 2;
    const v = toVector(item);
    for (const theta of [-2.5, -0.3, 0.8, 2.2]) {
      const prob = new Float64Array(K1);
      const dprob = new Float64Array(K1 * p);
      categoryDerivatives(item, v, theta, 1.7, prob, dprob);
      for (let m = 0; m < p; m++) {
        const h = 1e-6;
        const up = Float64Array.from(v);
        const down = Float64Array.from(v);
        up[m] = (up[m] as number) + h;
        down[m] = (down[m] as number) - h;
        const pu = new Float64Array(K1);
        const pd = new Float64Array(K1);
        categoryDerivatives(item, up, theta, 1.7, pu, new Float64Array(K1 * p));
        categoryDerivatives(item, down, theta, 1.7, pd, new Float64Array(K1 * p));
        for (let k = 0; k < K1; k++) expect(dprob[k * p + m]).toBeCloseTo(((pu[k] as number) - (pd[k] as number)) / (2 * h), 7);
      }
    }
  });
});

describe('chi-square upper tail', () => {
  it('matches scipy.stats.chi2.sf', () => {
    const cases: [number, number, number][] = [
      [3.2, 8, 0.9211865127702811],
      [25, 8, 0.001554557843011069],
      [12.5, 10, 0.2529853233092983],
      [0.4, 1, 0.5270892568655381],
      [80, 7, 1.377501829742618e-14],
    ];
    for (const [x, df, p] of cases) expect(chiSquareSurvival(x, df) / p).toBeCloseTo(1, 10);
  });
});
