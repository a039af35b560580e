// Ability estimators against published and closed-form references, and against the defining equations
// (score = 0, corrected score = 0, posterior mode, posterior mean) evaluated NUMERICALLY in the test.
import {
  clonePosterior,
  createPosterior,
  estimateAbility,
  expectedPosteriorWeights,
  logLikelihood,
  posteriorSummary,
  testInformation,
  updatePosterior,
  type DichotomousItem,
  type EstimatorMethod,
  type Item,
} from '../src/index';
import { derivative, downCrossings, referenceLogistic, referenceWarmCorrectedScore, simpson } from './reference';

const methods: EstimatorMethod[] = ['EAP', 'MAP', 'MLE', 'WLE'];

const rasch = (n: number, b: number): DichotomousItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, model: '1PL', a: 1, b }));
const patternWith = (n: number, correct: number): number[] => Array.from({ length: n }, (_, i) => (i < correct ? 1 : 0));

const mixedBank: Item[] = [
  { id: '1', model: '2PL', a: 1.2, b: -1.1 },
  { id: '2', model: '3PL', a: 1.6, b: 0.2, c: 0.2 },
  { id: '3', model: '4PL', a: 0.9, b: 0.8, c: 0.1, d: 0.9 },
  { id: '4', model: 'GRM', a: 1.3, thresholds: [-1, 0, 1.2] },
  { id: '5', model: 'GPCM', a: 0.8, thresholds: [0.4, -0.6] },
  { id: '6', model: '2PL', a: 0.7, b: 1.5 },
  { id: '7', model: '1PL', a: 1, b: -0.3 },
];
const mixedScores = [1, 0, 1, 2, 1, 0, 1];

describe('MLE', () => {
  it('reproduces the worked MLE example of The Basics of Item Response Theory, ch. 5', () => {
    // Baker, F. B. (2001), The Basics of Item Response Theory (2nd ed.), ch. 5 (the brief attributes it to Baker &
    // Kim, who co-authored the 2017 R edition): b = (−1, 0, 1), a = (1.0, 1.2, 0.8), u = (1, 0, 1), D = 1:
    // θ̂ ≈ .3249 and SE ≈ 1.23 after the book's Newton iterations (the exact root is 0.32485, SE 1/√0.6615).
    const items: DichotomousItem[] = [
      { id: '1', model: '2PL', a: 1.0, b: -1 },
      { id: '2', model: '2PL', a: 1.2, b: 0 },
      { id: '3', model: '2PL', a: 0.8, b: 1 },
    ];
    const estimate = estimateAbility(items, [1, 0, 1], { method: 'MLE' });
    expect(estimate.theta).toBeCloseTo(0.3249, 3);
    expect(estimate.se).toBeCloseTo(1.23, 2);
    expect(estimate.fallback).toBeUndefined();
  });

  it('Rasch with equal difficulties: θ̂ = b + ln(r/(n − r))/D', () => {
    for (const [n, r, b, D] of [
      [10, 6, 0.5, 1],
      [20, 3, -1, 1],
      [7, 5, 1.2, 1.702],
    ] as const) {
      const estimate = estimateAbility(rasch(n, b), patternWith(n, r), { method: 'MLE', D });
      expect(estimate.theta).toBeCloseTo(b + Math.log(r / (n - r)) / D, 9);
      // SE = 1/√(n D² P Q) with P = r/n at the estimate.
      expect(estimate.se).toBeCloseTo(1 / Math.sqrt((n * D * D * r * (n - r)) / (n * n)), 9);
    }
  });

  it('sets the score (numeric derivative of log L) to zero, and is the global maximum of a fine grid', () => {
    const estimate = estimateAbility(mixedBank, mixedScores, { method: 'MLE' });
    const logL = (t: number) => logLikelihood(mixedBank, mixedScores, t);
    expect(derivative(logL, estimate.theta)).toBeCloseTo(0, 6);
    let gridMax = -Infinity;
    for (let t = -6; t <= 6; t += 1e-3) gridMax = Math.max(gridMax, logL(t));
    expect(logL(estimate.theta)).toBeGreaterThanOrEqual(gridMax - 1e-12);
  });

  it('finds the global mode of a bimodal 3PL likelihood', () => {
    // Hard items right and easy items wrong: a guessing mode at low θ competes with a high-θ mode.
    const items: DichotomousItem[] = [
      { id: 'e1', model: '3PL', a: 2.5, b: -2, c: 0.25 },
      { id: 'e2', model: '3PL', a: 2.5, b: -1.8, c: 0.25 },
      { id: 'h1', model: '3PL', a: 2.5, b: 1.5, c: 0.25 },
      { id: 'h2', model: '3PL', a: 2.5, b: 1.8, c: 0.25 },
      { id: 'm', model: '3PL', a: 0.5, b: 0, c: 0.25 },
    ];
    const scores = [0, 1, 1, 0, 1];
    const estimate = estimateAbility(items, scores, { method: 'MLE' });
    let best = -Infinity;
    let argBest = 0;
    for (let t = -6; t <= 6; t += 1e-4) {
      const value = logLikelihood(items, scores, t);
      if (value > best) [best, argBest] = [value, t];
    }
    expect(estimate.theta).toBeCloseTo(argBest, 3);
  });

  it('falls back to EAP for all-correct, all-wrong and empty patterns', () => {
    const items = rasch(5, 0);
    for (const scores of [patternWith(5, 5), patternWith(5, 0)]) {
      const estimate = estimateAbility(items, scores, { method: 'MLE' });
      const eap = estimateAbility(items, scores, { method: 'EAP' });
      expect(estimate).toEqual({ theta: eap.theta, se: eap.se, method: 'MLE', fallback: 'EAP' });
    }
    expect(estimateAbility([], [], { method: 'MLE' }).fallback).toBe('EAP');
  });
});

describe('MLE and WLE on a bound (policy: fall back to EAP)', () => {
  // Mixed patterns whose likelihood still rises at a bound of [−6, 6]: the bound would be returned with an
  // astronomically large SE (b = 50: 6 ± 6e18; hard 3PL items, one correct: −6 ± 6e7).
  const far: Item[] = Array.from({ length: 5 }, (_, i) => ({ id: `f${i}`, model: '2PL', a: 2, b: 50 + i }));
  const hard: Item[] = Array.from({ length: 20 }, (_, i) => ({ id: `h${i}`, model: '3PL', a: 2.5, b: 2 + i * 0.05, c: 0.3 }));
  const cases: [string, Item[], number[]][] = [
    ['items at b = 50, mixed pattern', far, [1, 0, 1, 0, 0]],
    ['hard 3PL items, one correct', hard, hard.map((_, i) => (i === 0 ? 1 : 0))],
  ];
  it.each(cases)('%s: the log-likelihood rises at the bound, so the estimate is the EAP', (_name, items, scores) => {
    // Independent check that the bound is not an interior maximum: the numeric slope of log L points outward.
    const lower = derivative((t) => logLikelihood(items, scores, t), -6 + 1e-4);
    const upper = derivative((t) => logLikelihood(items, scores, t), 6 - 1e-4);
    expect(lower < 0 || upper > 0).toBe(true);
    const eap = estimateAbility(items, scores, { method: 'EAP' });
    for (const method of ['MLE', 'WLE'] as const) {
      const estimate = estimateAbility(items, scores, { method });
      if (method === 'MLE' || estimate.fallback !== undefined) {
        expect(estimate).toEqual({ theta: eap.theta, se: eap.se, method, fallback: 'EAP' });
      }
      expect(Math.abs(estimate.theta)).toBeLessThan(6);
      expect(estimate.se).toBeLessThan(2);
    }
  });
});

describe('WLE (Warm 1989)', () => {
  it('Rasch with equal difficulties: θ̂ = b + ln((r + ½)/(n − r + ½))/D, including r = 0 and r = n', () => {
    // Score r − nP plus Warm's correction I′/(2I) = (1 − 2P)/2 vanishes at P = (r + ½)/(n + 1).
    for (const [n, r, b, D] of [
      [10, 6, 0.5, 1],
      [10, 10, 0.5, 1],
      [10, 0, -0.4, 1],
      [15, 15, 0, 1.702],
    ] as const) {
      const estimate = estimateAbility(rasch(n, b), patternWith(n, r), { method: 'WLE', D });
      expect(estimate.theta).toBeCloseTo(b + Math.log((r + 0.5) / (n - r + 0.5)) / D, 9);
      expect(estimate.fallback).toBeUndefined();
    }
  });

  // Warm's corrected score is S + J/(2I) with J = Σ P′P″/P (catR's "WL"); it equals S + I′/(2I) only for 1PL/2PL and
  // GPCM items. The reference (test/reference.ts) takes P from the model formulas, P′ and P″ by central differences,
  // and bisects S + J/(2I): nothing is shared with src/.
  const warmCases: [string, Item[], number[]][] = [
    [
      '3PL (five items, 1 0 1 0 1)',
      [
        { id: '1', model: '3PL', a: 1.8, b: -0.5, c: 0.25 },
        { id: '2', model: '3PL', a: 1.5, b: 0.0, c: 0.2 },
        { id: '3', model: '3PL', a: 2.0, b: 0.6, c: 0.25 },
        { id: '4', model: '3PL', a: 1.2, b: 1.0, c: 0.2 },
        { id: '5', model: '3PL', a: 1.6, b: -1.2, c: 0.2 },
      ],
      [1, 0, 1, 0, 1],
    ],
    [
      '4PL',
      [
        { id: '1', model: '4PL', a: 1.4, b: -0.8, c: 0.15, d: 0.92 },
        { id: '2', model: '4PL', a: 2.2, b: 0.1, c: 0.2, d: 0.85 },
        { id: '3', model: '4PL', a: 0.9, b: 0.7, c: 0.05, d: 0.97 },
        { id: '4', model: '4PL', a: 1.7, b: 1.3, c: 0.25, d: 0.9 },
      ],
      [1, 1, 0, 0],
    ],
    [
      'GRM',
      [
        { id: 'g1', model: 'GRM', a: 1.5, thresholds: [-1, 0, 1] },
        { id: 'g2', model: 'GRM', a: 2, thresholds: [-0.5, 0.5, 1.5] },
      ],
      [3, 1],
    ],
    [
      'GPCM',
      [
        { id: 'p1', model: 'GPCM', a: 1.1, thresholds: [0.4, -0.6, 1.2] },
        { id: 'p2', model: 'GPCM', a: 0.7, thresholds: [-1, 0.5] },
      ],
      [2, 0],
    ],
    ['mixed models', mixedBank, mixedScores],
  ];
  it.each(warmCases)('%s: equals the brute-force root of S + J/(2I); SE = 1/√I', (_name, items, scores) => {
    const roots = downCrossings((t) => referenceWarmCorrectedScore(items, scores, t), -4, 4);
    expect(roots).toHaveLength(1);
    const estimate = estimateAbility(items, scores, { method: 'WLE' });
    expect(estimate.fallback).toBeUndefined();
    expect(estimate.theta).toBeCloseTo(roots[0] as number, 6);
    expect(estimate.se).toBeCloseTo(1 / Math.sqrt(testInformation(items, estimate.theta)), 12);
  });

  it('3PL: is not the root of S + I′/(2I) (that weight is Warm\'s only for 1PL/2PL/GPCM)', () => {
    const [, items, scores] = warmCases[0] as [string, Item[], number[]];
    // The weight ½·log I, differentiated numerically: its maximiser is ≈ 0.153, Warm's root ≈ 0.032.
    const wrong = downCrossings(
      (t) => derivative((x) => logLikelihood(items, scores, x) + 0.5 * Math.log(testInformation(items, x)), t),
      -4,
      4,
    );
    const estimate = estimateAbility(items, scores, { method: 'WLE' });
    expect(Math.abs(estimate.theta - (wrong[0] as number))).toBeGreaterThan(0.1);
  });

  it('is finite without fallback for all-correct and all-wrong mixed patterns', () => {
    for (const scores of [[0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 3, 2, 1, 1]]) {
      const estimate = estimateAbility(mixedBank, scores, { method: 'WLE' });
      expect(Number.isFinite(estimate.theta) && Number.isFinite(estimate.se)).toBe(true);
      expect(estimate.fallback).toBeUndefined();
    }
  });
});

describe('MAP', () => {
  const prior = { mean: 0.3, sd: 0.8 };
  it('zeroes the numeric derivative of the log posterior; SE = 1/√(I + 1/σ²)', () => {
    const estimate = estimateAbility(mixedBank, mixedScores, { method: 'MAP', prior });
    const logPosterior = (t: number) =>
      logLikelihood(mixedBank, mixedScores, t) - (t - prior.mean) ** 2 / (2 * prior.sd ** 2);
    expect(derivative(logPosterior, estimate.theta)).toBeCloseTo(0, 6);
    expect(estimate.se).toBeCloseTo(1 / Math.sqrt(testInformation(mixedBank, estimate.theta) + 1 / prior.sd ** 2), 12);
  });

  it('is finite for all-correct patterns (the prior keeps the mode finite)', () => {
    const estimate = estimateAbility(rasch(8, 0), patternWith(8, 8), { method: 'MAP' });
    expect(estimate.theta).toBeGreaterThan(0.5);
    expect(estimate.theta).toBeLessThan(6);
  });
});

describe('EAP (Bock & Mislevy 1982)', () => {
  const items: DichotomousItem[] = [
    { id: '1', model: '2PL', a: 1.4, b: -0.8 },
    { id: '2', model: '3PL', a: 1.1, b: 0.1, c: 0.2 },
    { id: '3', model: '2PL', a: 0.6, b: 0.9 },
    { id: '4', model: '2PL', a: 2.0, b: 0.4 },
  ];
  const scores = [1, 1, 0, 1];
  const prior = { mean: 0.2, sd: 1.1 };
  // Reference posterior moments by Simpson's rule with 2001 points on [−8, 8] (the density there is ~1e−11 of
  // its peak, so truncation is negligible), from the textbook ICC in linear space.
  const density = (t: number): number =>
    items.reduce((product, item, i) => {
      const p = referenceLogistic(t, item.a, item.b, item.c ?? 0);
      return product * (scores[i] === 1 ? p : 1 - p);
    }, Math.exp(-((t - prior.mean) ** 2) / (2 * prior.sd ** 2)));
  const mass = simpson(density, -8, 8);
  const mean = simpson((t) => t * density(t), -8, 8) / mass;
  const sd = Math.sqrt(simpson((t) => (t - mean) ** 2 * density(t), -8, 8) / mass);
  const onWideGrid = (points: number) =>
    estimateAbility(items, scores, { method: 'EAP', prior, quadrature: { points, min: -8, max: 8 } });

  it('matches the Simpson posterior mean and SD (node spacing 0.2)', () => {
    const estimate = onWideGrid(81);
    expect(estimate.theta).toBeCloseTo(mean, 9);
    expect(estimate.se).toBeCloseTo(sd, 9);
  });

  it('converges to the Simpson reference as the grid refines', () => {
    const errors = [9, 17, 33, 65].map((points) => {
      const estimate = onWideGrid(points);
      return Math.abs(estimate.theta - mean) + Math.abs(estimate.se - sd);
    });
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1] as number);
    expect(errors[errors.length - 1]).toBeLessThan(1e-8);
  });

  it('the default grid (61 nodes on [−6, 6]) is within its truncation error of the reference', () => {
    const estimate = estimateAbility(items, scores, { method: 'EAP', prior });
    expect(Math.abs(estimate.theta - mean)).toBeLessThan(1e-6);
    expect(Math.abs(estimate.se - sd)).toBeLessThan(1e-6);
  });

  it('a 300-item all-correct pattern gives a finite EAP (log space, no underflow)', () => {
    const bank: DichotomousItem[] = Array.from({ length: 300 }, (_, i) => ({
      id: `i${i}`,
      model: '2PL',
      a: 2.5,
      b: -2 + (4 * i) / 299,
    }));
    const estimate = estimateAbility(bank, bank.map(() => 1), { method: 'EAP' });
    expect(Number.isFinite(estimate.theta) && Number.isFinite(estimate.se)).toBe(true);
    expect(estimate.theta).toBeGreaterThan(2);
    // The same product in linear space underflows to 0/0: the reason for log space.
    const linear = bank.reduce((product, item) => product * referenceLogistic(-3, item.a, item.b), 1);
    expect(linear).toBe(0);
  });
});

describe('EAP when the posterior is narrower than the grid step (default grid: step 0.2)', () => {
  // Reference: composite Simpson on 60,001 nodes over [−6, 6] (step 2e−4, a tenth of the narrowest SD) of the log
  // posterior written here (2PL log P = −log(1 + e^∓z)), normalised with its maximum. Math functions are hoisted
  // and the loops plain: inside Jest's vm every `Math` lookup is slow.
  const { exp, log1p, sqrt } = Math;
  function simpsonPosterior(items: DichotomousItem[], scores: number[], prior: { mean: number; sd: number }) {
    const points = 60001;
    const step = 12 / (points - 1);
    const a = Float64Array.from(items, (item) => item.a);
    const b = Float64Array.from(items, (item) => item.b);
    const sign = Float64Array.from(scores, (x) => (x === 1 ? -1 : 1));
    const logs = new Float64Array(points);
    let top = -Infinity;
    for (let q = 0; q < points; q++) {
      const t = -6 + q * step;
      const u = (t - prior.mean) / prior.sd;
      let log = -0.5 * u * u;
      for (let i = 0; i < a.length; i++) log -= log1p(exp((sign[i] as number) * (a[i] as number) * (t - (b[i] as number))));
      logs[q] = log;
      if (log > top) top = log;
    }
    let total = 0;
    let first = 0;
    const weights = new Float64Array(points);
    for (let q = 0; q < points; q++) {
      const w = exp((logs[q] as number) - top) * (q === 0 || q === points - 1 ? 1 : q % 2 ? 4 : 2);
      weights[q] = w;
      total += w;
      first += w * (-6 + q * step);
    }
    const mean = first / total;
    let second = 0;
    for (let q = 0; q < points; q++) second += (weights[q] as number) * (-6 + q * step - mean) ** 2;
    return { mean, sd: sqrt(second / total) };
  }
  const long: DichotomousItem[] = Array.from({ length: 150 }, (_, i) => ({ id: `l${i}`, model: '2PL', a: 2.5, b: 0.3 + ((i % 7) - 3) * 0.01 }));
  const steep: DichotomousItem[] = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, model: '2PL', a: 40, b: -2 + i * 0.02 }));
  const cases: [string, DichotomousItem[], number[], { mean: number; sd: number }][] = [
    ['150 items a = 2.5, alternating (posterior SD ≈ 0.065)', long, long.map((_, i) => i % 2), { mean: 0, sd: 1 }],
    ['200 steep items a = 40, Guttman pattern (SD ≈ 0.022)', steep, steep.map((_, i) => (i < 100 ? 1 : 0)), { mean: 0, sd: 1 }],
    ['no items, prior N(0.05, 0.02²)', [], [], { mean: 0.05, sd: 0.02 }],
  ];
  it.each(cases)('%s: mean and SD match the fine Simpson reference', (_name, items, scores, prior) => {
    const reference = simpsonPosterior(items, scores, prior);
    expect(reference.sd).toBeLessThan(0.1); // each case is narrower than half a node step
    const estimate = estimateAbility(items, scores, { method: 'EAP', prior });
    expect(estimate.theta).toBeCloseTo(reference.mean, 6);
    expect(Math.abs(estimate.se / reference.sd - 1)).toBeLessThan(1e-4);
    // The incremental grid (the CAT engine's posterior) gives the same summary.
    const grid = createPosterior({ prior });
    items.forEach((item, i) => updatePosterior(grid, item, scores[i] as number));
    expect(posteriorSummary(grid)).toEqual({ theta: estimate.theta, se: estimate.se });
  });
});

describe('every estimator with no responses returns the prior', () => {
  const prior = { mean: 0.7, sd: 1.3 };
  it.each(methods)('%s', (method) => {
    const estimate = estimateAbility([], [], { method, prior, quadrature: { points: 121, min: -9, max: 9 } });
    expect(estimate.theta).toBeCloseTo(prior.mean, 6);
    expect(estimate.se).toBeCloseTo(prior.sd, 3);
  });
});

describe('incremental posterior', () => {
  it('absorbing responses one at a time equals the batch EAP, and weights are normalised', () => {
    const config = { method: 'EAP' as const, prior: { mean: -0.2, sd: 1.2 }, D: 1.702 };
    const grid = createPosterior(config);
    mixedBank.forEach((item, i) => updatePosterior(grid, item, mixedScores[i] as number));
    const batch = estimateAbility(mixedBank, mixedScores, config);
    const summary = posteriorSummary(grid);
    expect(summary.theta).toBeCloseTo(batch.theta, 14);
    expect(summary.se).toBeCloseTo(batch.se, 14);
    expect(grid.responses).toBe(mixedBank.length);

    const weights = expectedPosteriorWeights(grid);
    expect(weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
    expect(weights.reduce((sum, w, q) => sum + w * (grid.nodes[q] as number), 0)).toBeCloseTo(summary.theta, 14);
  });

  it('clones are independent', () => {
    const grid = createPosterior({});
    const copy = clonePosterior(grid);
    updatePosterior(copy, mixedBank[0] as Item, 1);
    expect(posteriorSummary(grid).theta).toBeCloseTo(0, 12);
    expect(posteriorSummary(copy).theta).toBeGreaterThan(0);
  });

  it('rejects invalid scores and items loudly', () => {
    const grid = createPosterior({});
    expect(() => updatePosterior(grid, mixedBank[0] as Item, 2)).toThrow(RangeError);
    expect(() => updatePosterior(grid, { id: 'x', model: 'GRM', a: 1, thresholds: [1, 0] }, 1)).toThrow(RangeError);
    expect(() => estimateAbility(mixedBank, [1], { method: 'EAP' })).toThrow(RangeError);
    expect(() => estimateAbility([{ id: 'x', model: '2PL', a: -1, b: 0 }], [1], { method: 'MLE' })).toThrow(RangeError);
  });
});
