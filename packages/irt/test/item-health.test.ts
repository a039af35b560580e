// Item health (packages/irt/src/health): Mantel–Haenszel against a table worked by hand, the ETS classes, the
// Benjamini–Hochberg step, rapid guessing and the classical statistics on hand-sized data, and simulated adaptive
// tests with planted drift, misfit, DIF and rapid guessing (known truth) that must be flagged while clean anchors
// are not. The bigger run is `npm run bench:item-health` (docs/benchmarks.md).
import { benjaminiHochberg } from '../src/health/drift';
import { etsClass, itemHealth, ItemHealthInputError, mantelHaenszel } from '../src/health/index';
import type { ResponseLogRecord } from '../src/formats/response-log';
import { scenario } from './health-scenario';

const record = (line: number, taskerId: string, itemId: string, score: number, extra: Partial<ResponseLogRecord> = {}): ResponseLogRecord => {
  const at = new Date(Date.UTC(2026, 10, 1, 0, 0, line)).toISOString();
  return { line, taskerId, itemId, score, at, atMs: Date.parse(at), ...extra };
};

describe('Mantel–Haenszel on a 2×2×2 table computed by hand', () => {
  // stratum 1: reference 20 right / 10 wrong, focal 15 / 15 (T = 60); stratum 2: reference 30 / 20, focal 10 / 20 (T = 80)
  const result = mantelHaenszel([
    { refRight: 20, refWrong: 10, focalRight: 15, focalWrong: 15 },
    { refRight: 30, refWrong: 20, focalRight: 10, focalWrong: 20 },
  ]);
  // R_k = A·D/T: 20·15/60 = 5 and 30·20/80 = 7.5; S_k = B·C/T: 10·15/60 = 2.5 and 20·10/80 = 2.5
  const R = 5 + 7.5;
  const S = 2.5 + 2.5;
  test('α_MH = ΣR/ΣS = 2.5 and Δ_MH = −2.35 ln 2.5', () => {
    expect(result.alpha).toBeCloseTo(R / S, 12);
    expect(result.alpha).toBeCloseTo(2.5, 12);
    expect(result.delta).toBeCloseTo(-2.35 * Math.log(2.5), 12);
    expect(result.delta).toBeCloseTo(-2.153283, 5);
    expect(result.strata).toBe(2);
  });
  test('SE(Δ) from the Robins–Breslow–Greenland variance', () => {
    // P_k = (A + D)/T = 35/60, 50/80; Q_k = (B + C)/T = 25/60, 30/80
    const [P1, P2, Q1, Q2] = [35 / 60, 50 / 80, 25 / 60, 30 / 80];
    const varLog = (P1 * 5 + P2 * 7.5) / (2 * R * R) + (P1 * 2.5 + Q1 * 5 + P2 * 2.5 + Q2 * 7.5) / (2 * R * S) + (Q1 * 2.5 + Q2 * 2.5) / (2 * S * S);
    expect(varLog).toBeCloseTo(0.12725, 5);
    expect(result.deltaSe).toBeCloseTo(2.35 * Math.sqrt(varLog), 12);
  });
  test('continuity-corrected MH chi-square and its p (scipy: chi2.sf(x, 1) = 0.0160649)', () => {
    // ΣA = 50; E(A_k) = n_ref·m_right/T: 30·35/60 = 17.5, 50·40/80 = 25; Var = n_ref·n_focal·m_right·m_wrong/(T²(T − 1))
    const variance = (30 * 30 * 35 * 25) / (60 * 60 * 59) + (50 * 30 * 40 * 40) / (80 * 80 * 79);
    expect(result.chiSquare).toBeCloseTo((Math.abs(50 - 42.5) - 0.5) ** 2 / variance, 12);
    expect(result.p).toBeCloseTo(0.0160649, 6);
  });
  test('ETS class B: |Δ| ≥ 1.5 but not significantly above 1 ((2.153 − 1)/0.838 = 1.38 < 1.645)', () => {
    expect(result.etsClass).toBe('B');
  });
  test('a stratum holding one group only is left out; equal odds give α = 1, Δ = 0, class A', () => {
    const even = mantelHaenszel([
      { refRight: 10, refWrong: 10, focalRight: 5, focalWrong: 5 },
      { refRight: 7, refWrong: 0, focalRight: 0, focalWrong: 0 },
    ]);
    expect(even.strata).toBe(1);
    expect(even.alpha).toBeCloseTo(1, 12);
    expect(even.delta).toBeCloseTo(0, 12);
    expect(even.etsClass).toBe('A');
  });
});

describe('ETS A/B/C rules', () => {
  test.each([
    [0.9, 0.1, 0.001, 'A'], // |Δ| < 1
    [2.0, 0.1, 0.2, 'A'], // not significant
    [1.2, 0.1, 0.001, 'B'], // 1 ≤ |Δ| < 1.5
    [-1.6, 0.3, 0.001, 'C'], // (1.6 − 1)/0.3 = 2 > 1.645
    [1.6, 0.4, 0.001, 'B'], // (1.6 − 1)/0.4 = 1.5 ≤ 1.645
  ] as const)('Δ %p, SE %p, p %p → %s', (delta, se, p, expected) => {
    expect(etsClass(delta, se, p)).toBe(expected);
  });
});

test('Benjamini–Hochberg: the largest k with p_(k) ≤ k·q/m, untested items (NaN) left out', () => {
  // m = 4 at q = .05: sorted 0.01 ≤ .0125 yes, 0.03 ≤ .025 no, 0.04 ≤ .0375 no, 0.5 no → one discovery
  expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.5, NaN], 0.05)).toEqual([true, false, false, false, false]);
  // m = 3: 0.01 ≤ .0167, 0.02 ≤ .0333 → both, although 0.02 > .05/3 (Bonferroni would keep one)
  expect(benjaminiHochberg([0.02, 0.01, 0.9], 0.05)).toEqual([true, true, false]);
});

describe('classical statistics on a hand-sized log', () => {
  const bank = [
    { id: 'x', model: '2PL' as const, a: 1, b: 0 },
    { id: 'y', model: '2PL' as const, a: 1, b: 0.5 },
  ];
  // 4 sessions; x shown in all 4, y in 2; times on x: 500, 1500, 30000, 40000 ms
  const responses = [
    record(1, 't1', 'x', 1, { sessionId: 's1', answer: 'A', elapsedMs: 500 }),
    record(2, 't1', 'y', 0, { sessionId: 's1', answer: 'C' }),
    record(3, 't2', 'x', 0, { sessionId: 's2', answer: 'B', elapsedMs: 1500 }),
    record(4, 't3', 'x', 1, { sessionId: 's3', answer: 'A', elapsedMs: 30000 }),
    record(5, 't3', 'y', 1, { sessionId: 's3', answer: 'A' }),
    record(6, 't4', 'x', 1, { sessionId: 's4', answer: 'A', elapsedMs: 40000 }),
    // a repeat of t4 on x: only the first answer counts
    record(7, 't4', 'x', 0, { sessionId: 's4', answer: 'D', elapsedMs: 100 }),
  ];
  const report = itemHealth({ bank, responses });
  const x = report.items[0]!;
  const y = report.items[1]!;
  test('n, p-value, exposure', () => {
    expect([x.n, y.n]).toEqual([4, 2]);
    expect(x.pValue).toBeCloseTo(3 / 4, 12);
    expect(y.pValue).toBeCloseTo(1 / 2, 12);
    expect(x.exposure).toBeCloseTo(4 / 4, 12);
    expect(y.exposure).toBeCloseTo(2 / 4, 12);
    expect(report.warnings.join(' ')).toMatch(/1 repeated answers/);
  });
  test('NT10 rapid guessing: threshold 10% of the mean time (18,000 ms) = 1,800 ms → 2 of 4 rapid', () => {
    expect(x.rapid).toEqual({ thresholdMs: 1800, timed: 4, rapid: 2, share: 0.5, rapidAccuracy: 0.5 });
    expect(y.rapid).toBeNull();
    const fixed = itemHealth({ bank, responses, options: { rapidThresholdMs: 1000 } });
    expect(fixed.items[0]!.rapid).toMatchObject({ thresholdMs: 1000, rapid: 1, share: 0.25, rapidAccuracy: 1 });
  });
  test('distractor rates per band add up to 1, and every item is few-responses', () => {
    for (const band of x.distractors) if (band.n > 0) expect(Object.values(band.choices).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(x.distractors.reduce((s, b) => s + b.n, 0)).toBe(4);
    expect(report.items.every((h) => h.flags.includes('few-responses'))).toBe(true);
  });
  test('a score above the item maximum is an error naming the log line', () => {
    expect(() => itemHealth({ bank, responses: [...responses, record(8, 't5', 'y', 2)] })).toThrow(ItemHealthInputError);
    expect(() => itemHealth({ bank, responses: [...responses, record(8, 't5', 'y', 2)] })).toThrow(/^line 8: score: 2 is outside 0\.\.1/);
  });
});

describe('planted problems in simulated adaptive tests (known truth)', () => {
  const sc = scenario({ seed: 'item-health-test', anchors: 80, pilots: 5, taskers: 4000, testAnchors: 20, testPilots: 2, drift: 3, misfit: 1, dif: 2, rapid: 2 });
  const report = itemHealth({ bank: sc.bank, responses: sc.responses, groups: sc.groups });
  const byId = new Map(report.items.map((h) => [h.id, h]));
  const flagged = (ids: Set<string>, flag: string) => [...ids].filter((id) => byId.get(id)?.flags.includes(flag as never));
  const judged = (ids: Set<string>) => [...ids].filter((id) => (byId.get(id)?.n ?? 0) >= 100);

  test('the planted items got enough responses to be judged', () => {
    for (const set of Object.values(sc.planted)) expect(judged(set).length).toBe(set.size);
  });
  test('drifted anchors (b ± 0.6) are flagged drift', () => {
    expect(flagged(sc.planted.drift, 'drift').sort()).toEqual([...sc.planted.drift].sort());
  });
  test('misfitting anchors are flagged misfit', () => {
    expect(flagged(sc.planted.misfit, 'misfit').sort()).toEqual([...sc.planted.misfit].sort());
  });
  test('DIF anchors (b + 1 for the focal group) are class C and flagged dif; the reference group is the larger', () => {
    expect(flagged(sc.planted.dif, 'dif').sort()).toEqual([...sc.planted.dif].sort());
    for (const id of sc.planted.dif) expect(byId.get(id)!.dif[0]).toMatchObject({ reference: 'reference', focal: 'focal', etsClass: 'C' });
    for (const id of sc.planted.dif) expect(byId.get(id)!.dif[0]!.delta).toBeLessThan(-1.5);
  });
  test('rapid-guessed anchors (30% at ≈1.5 s) are flagged rapid-guessing', () => {
    expect(flagged(sc.planted.rapid, 'rapid-guessing').sort()).toEqual([...sc.planted.rapid].sort());
  });
  test('clean anchors with enough responses: at most 5% carry any flag', () => {
    const clean = judged(sc.clean);
    expect(clean.length).toBeGreaterThanOrEqual(30);
    const falseAlarms = clean.filter((id) => byId.get(id)!.flags.length > 0);
    expect(falseAlarms.length / clean.length).toBeLessThanOrEqual(0.05);
  });
  test('needsAttention ranks drift first and lists only flagged items', () => {
    expect(report.needsAttention.every((x) => x.flags.length > 0)).toBe(true);
    expect(report.needsAttention[0]!.flags).toContain('drift');
    const severities = report.needsAttention.map((x) => x.severity);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });
  test('the ability distribution is estimated on the bank scale (simulated: 60% N(0,1), 40% N(−0.3,1))', () => {
    expect(report.population.mean).toBeCloseTo(-0.12, 0);
    expect(report.population.sd).toBeGreaterThan(0.85);
    expect(report.population.sd).toBeLessThan(1.15);
  });
});
