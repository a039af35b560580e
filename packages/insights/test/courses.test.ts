// Course effectiveness (issue 11 part 3) against independently derived values: the t distribution and a small
// ANCOVA against scipy/numpy values computed once (commands noted), the Wilson exit rate against Newcombe (1998),
// RCI and the gain interval against closed forms, and a planted effective (+0.4) vs ineffective (0) variant.
import { ancova, courseEffect, CourseInputError, gainSummary, msprtLook, reliableChangeIndex, simulateCourse, seededNormal, tCdf, tQuantile, tTwoSidedP, type CourseRecord } from '@theta/insights';

// python3 -c "from scipy import stats; print(stats.t.cdf(t, df), 2*stats.t.sf(abs(t), df))" (scipy 1.x)
test.each([
  [2.0, 5, 0.9490302605850708, 0.10193947882985835],
  [1.0, 1, 0.75, 0.5],
  [-2.5, 10, 0.01572342211830441, 0.03144684423660882],
  [3.0, 30, 0.9973050179671741, 0.005389964065651945],
  [0.5, 200, 0.6911876238417696, 0.6176247523164609],
  [2.1, 17, 0.974520076385433, 0.05095984722913399],
])('t CDF and two-sided p at t = %f, df = %i match scipy', (t, df, cdf, p) => {
  expect(tCdf(t, df)).toBeCloseTo(cdf, 10);
  expect(tTwoSidedP(t, df)).toBeCloseTo(p, 10);
});

test.each([
  [3, 3.1824463052837078],
  [10, 2.228138851986274],
  [57, 2.002465459291007],
])('t 0.975 quantile at df = %i matches scipy.stats.t.ppf', (df, q) => {
  expect(tQuantile(0.975, df)).toBeCloseTo(q, 8);
});

test('ANCOVA post ~ 1 + B + pre on 9 rows: coefficient, SE, slope, p match numpy.linalg.lstsq + scipy', () => {
  // X = [1, B, pre]; b = lstsq(X, y); s² = RSS/(n−3); se = √(s²·inv(XᵀX)[1,1]); p = 2·t.sf(|b₁/se|, 6)
  const a = [[0.0, 0.1], [0.5, 0.4], [1.0, 1.2], [-0.5, -0.3]].map(([pre, post]) => ({ pre: pre!, post: post! }));
  const b = [[0.0, 0.6], [0.5, 1.1], [1.0, 1.4], [-1.0, -0.2], [0.2, 0.9]].map(([pre, post]) => ({ pre: pre!, post: post! }));
  const r = ancova(a, b)!;
  expect(r.df).toBe(6);
  expect(r.estimate).toBeCloseTo(0.5058105752469495, 10);
  expect(r.se).toBeCloseTo(0.08281081248889972, 10);
  expect(r.preSlope).toBeCloseTo(0.8710052295177227, 10);
  expect(r.p).toBeCloseTo(0.0008781457126388951, 10);
  const q = 2.4469118511449786; // stats.t.ppf(0.975, 6)
  expect(r.ci95[0]).toBeCloseTo(0.5058105752469495 - q * 0.08281081248889972, 8);
});

test('RCI: gain 1 with SEs 0.3 and 0.4 → SE 0.5 (3-4-5), RCI 2 → reliable improvement; −1 → decline; 0.5 → none', () => {
  const mk = (pre: number, post: number) => ({ taskerId: 'x', variant: 'a', pre: { theta: pre, se: 0.3 }, post: { theta: post, se: 0.4 } });
  const r = reliableChangeIndex(mk(-0.2, 0.8));
  expect(r.se).toBeCloseTo(0.5, 12);
  expect(r.rci).toBeCloseTo(2, 12);
  expect(r.ci95[0]).toBeCloseTo(1 - 1.959964 * 0.5, 5);
  expect(r.classification).toBe('reliable-improvement');
  expect(reliableChangeIndex(mk(0.5, -0.5)).classification).toBe('reliable-decline');
  expect(reliableChangeIndex(mk(0, 0.5)).classification).toBe('no-reliable-change');
});

test('gain interval: gains 1, 2, 3 → mean 2, s = 1, SE 1/√3, t(2) 0.975 = 4.302652729911275 (scipy)', () => {
  const rows = [1, 2, 3].map((g) => ({ pre: { theta: 0, se: 0.3 }, post: { theta: g, se: 0.4 } }));
  const s = gainSummary(rows)!;
  expect(s.mean).toBeCloseTo(2, 12);
  expect(s.sd).toBeCloseTo(1, 12);
  expect(s.ci95[1]).toBeCloseTo(2 + 4.302652729911275 / Math.sqrt(3), 8);
  expect(s.meanMeasurementVariance).toBeCloseTo(0.25, 12);
  expect(s.trueGainSd).toBeCloseTo(Math.sqrt(0.75), 12);
});

test('gain interval covers the true mean gain at ~95% in simulation (measurement error included)', () => {
  const normal = seededNormal(99);
  let covered = 0;
  const runs = 400;
  for (let i = 0; i < runs; i++) {
    const s = gainSummary(simulateCourse(normal, { gains: { a: 0.4 }, perVariant: 30, se: 0.35 }) as Array<CourseRecord & { post: { theta: number; se: number } }>)!;
    if (s.ci95[0] <= 0.4 && 0.4 <= s.ci95[1]) covered++;
  }
  // binomial(400, 0.95): SD 1.1%; accept 91.5%–98.5% (≈ ±3 SD)
  expect(covered / runs).toBeGreaterThan(0.915);
  expect(covered / runs).toBeLessThan(0.985);
});

test('exit rate is a Wilson interval: 81 of 263 → [0.2553, 0.3662] (Newcombe 1998, Table I)', () => {
  const records = Array.from({ length: 263 }, (_, i) => ({ taskerId: `t${i}`, variant: 'a', pre: { theta: 0, se: 0.3 }, reachedExit: i < 81 }));
  const v = courseEffect(records).variants[0]!;
  expect(v.exitRate.lo).toBeCloseTo(0.2553, 4);
  expect(v.exitRate.hi).toBeCloseTo(0.3662, 4);
  expect(v.withPost).toBe(0);
  expect(v.gain).toBeNull();
});

test('median days to proficiency among those who reached it', () => {
  const records = [3, 10, 1, undefined, 7].map((d, i) => ({ taskerId: `t${i}`, variant: 'a', pre: { theta: 0, se: 0.3 }, daysToProficiency: d }));
  const v = courseEffect(records).variants[0]!;
  expect(v.medianDaysToProficiency).toBe(5);
  expect(v.reachedProficiency).toBe(4);
});

test('planted: effective variant (+0.4) detected against an ineffective one (0); gains recovered', () => {
  const records = simulateCourse(seededNormal(2026), { gains: { control: 0, effective: 0.4 }, perVariant: 150 });
  const r = courseEffect(records, { control: 'control', treatment: 'effective' });
  const [c, e] = r.variants;
  expect(c!.gain!.ci95[0]).toBeLessThan(0);
  expect(c!.gain!.ci95[1]).toBeGreaterThan(0);
  expect(e!.gain!.ci95[0]).toBeGreaterThan(0.25);
  const cmp = r.comparison!;
  expect(cmp.status).toBe('ok');
  if (cmp.status !== 'ok') return;
  expect(cmp.ancova.p).toBeLessThan(0.001);
  expect(cmp.ancova.ci95[0]).toBeLessThan(0.4);
  expect(cmp.ancova.ci95[1]).toBeGreaterThan(0.4);
  expect(cmp.sequential.reject).toBe(true);
  expect(e!.reliableChange.improved).toBeGreaterThan(c!.reliableChange.improved);
});

test('planted null: two ineffective variants are not declared different by the sequential test', () => {
  const records = simulateCourse(seededNormal(7), { gains: { a: 0, b: 0 }, perVariant: 150 });
  const r = courseEffect(records);
  const cmp = r.comparison!;
  expect(cmp.status === 'ok' && cmp.sequential.reject).toBe(false);
});

test('below 20 taskers with a post-test per variant: not enough data yet', () => {
  const records = simulateCourse(seededNormal(1), { gains: { a: 0, b: 0.4 }, perVariant: 19 });
  expect(courseEffect(records).comparison).toMatchObject({ status: 'not-enough-data', minPerVariant: 20, nA: 19, nB: 19 });
});

test('mSPRT on (δ̂, V): Λ closed form and the confidence sequence excludes exactly the rejected δ0 = 0', () => {
  // V = 0.01, τ² = 0.09: Λ = √(0.01/0.1)·exp(0.09·δ̂²/(2·0.01·0.1)) = √0.1·exp(45δ̂²) = 78.0 at δ̂ = 0.35 > 1/α = 20
  const look = msprtLook(0.35, 0.01);
  expect(look.lambda).toBeCloseTo(Math.sqrt(0.1) * Math.exp(45 * 0.1225), 6);
  expect(look.reject).toBe(true);
  expect(look.confidenceSequence[0]).toBeGreaterThan(0);
  expect(look.logLambda).toBeCloseTo(0.5 * Math.log(0.1) + 45 * 0.1225, 12);
  // a large course: δ̂²/V far beyond exp's range still gives a finite Λ (capped), exact ln Λ and p = 0, not NaN
  const huge = msprtLook(0.4, 1e-5);
  expect(Number.isFinite(huge.lambda)).toBe(true);
  expect(huge.logLambda).toBeCloseTo(0.5 * Math.log(1e-5 / (1e-5 + 0.09)) + (0.09 * 0.16) / (2 * 1e-5 * (1e-5 + 0.09)), 6);
  expect(huge).toMatchObject({ alwaysValidP: 0, reject: true });
  const weak = msprtLook(0.1, 0.01, look); // the running p and the intersected sequence never loosen
  expect(weak.alwaysValidP).toBe(look.alwaysValidP);
  expect(weak.confidenceSequence[0]).toBeGreaterThanOrEqual(look.confidenceSequence[0]);
});

test.each([
  [{ records: 'x' }, 'records'],
  [[{ taskerId: '', variant: 'a', pre: { theta: 0, se: 0.3 } }], 'records[0].taskerId'],
  [[{ taskerId: 't', variant: 'a', pre: { theta: 0, se: 0 } }], 'records[0].pre.se'],
  [[{ taskerId: 't', variant: 'a', pre: { theta: 0, se: 0.3 }, post: { theta: Number.NaN, se: 0.3 } }], 'records[0].post.theta'],
  [[{ taskerId: 't', variant: 'a', pre: { theta: 0, se: 0.3 }, daysToProficiency: -1 }], 'records[0].daysToProficiency'],
  [[{ taskerId: 't', variant: 'a', pre: { theta: 0, se: 0.3 } }, { taskerId: 't', variant: 'b', pre: { theta: 0, se: 0.3 } }], 'records[1].taskerId'],
])('bad input → CourseInputError 400 naming %j', (input, field) => {
  const run = () => courseEffect(Array.isArray(input) ? input : input.records);
  expect(run).toThrow(CourseInputError);
  try {
    run();
  } catch (e) {
    expect((e as CourseInputError).field).toBe(field);
    expect((e as CourseInputError).status).toBe(400);
  }
});

test('unknown control variant → 400 naming control', () => {
  expect(() => courseEffect([{ taskerId: 't', variant: 'a', pre: { theta: 0, se: 0.3 } }], { control: 'z' })).toThrow(/control: unknown variant z/);
});
