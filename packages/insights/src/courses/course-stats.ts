// Course effectiveness (issue 11 part 3) as pure statistics over per-tasker pre/post records: per-variant gains,
// exit rates, time to proficiency, the ANCOVA difference between two variants, the always-valid mixture SPRT on
// that difference, and each tasker's reliable change. Method and its justification: docs/insights.md,
// "Course effectiveness".
import { tQuantile, tTwoSidedP } from '../stats/t-dist';
import { wilson, Z_95, type Proportion } from '../stats/wilson';

export interface ThetaEstimate {
  theta: number;
  se: number;
}

export interface CourseRecord {
  taskerId: string;
  variant: string;
  pre: ThetaEstimate;
  post?: ThetaEstimate;
  reachedExit?: boolean;
  daysToProficiency?: number;
}

/** bad input: a 400 naming the field */
export class CourseInputError extends Error {
  readonly status = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CourseInputError';
  }
}

/** below this many taskers with a post-test in each variant the comparison says "not enough data yet" */
export const MIN_N_PER_VARIANT = 20;
/** the mSPRT's normal mixing prior on the adjusted difference δ: N(0, τ²), τ = 0.3 θ units (logits) */
export const MSPRT_TAU2 = 0.09;
export const SEQUENTIAL_ALPHA = 0.05;

function finite(x: unknown, field: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new CourseInputError(field, 'must be a finite number');
  return x;
}

function checkEstimate(e: unknown, field: string): void {
  if (typeof e !== 'object' || e === null) throw new CourseInputError(field, 'must be {theta, se}');
  const o = e as Record<string, unknown>;
  finite(o.theta, `${field}.theta`);
  if (finite(o.se, `${field}.se`) <= 0) throw new CourseInputError(`${field}.se`, 'must be > 0');
}

/** validates records (throws CourseInputError naming e.g. `records[3].post.se`) */
export function validateCourseRecords(records: unknown): CourseRecord[] {
  if (!Array.isArray(records)) throw new CourseInputError('records', 'must be an array');
  const seen = new Set<string>();
  records.forEach((r: unknown, i) => {
    const f = `records[${i}]`;
    if (typeof r !== 'object' || r === null) throw new CourseInputError(f, 'must be an object');
    const o = r as Record<string, unknown>;
    if (typeof o.taskerId !== 'string' || o.taskerId === '') throw new CourseInputError(`${f}.taskerId`, 'must be a non-empty string');
    if (seen.has(o.taskerId)) throw new CourseInputError(`${f}.taskerId`, `duplicate tasker ${o.taskerId}`);
    seen.add(o.taskerId);
    if (typeof o.variant !== 'string' || o.variant === '') throw new CourseInputError(`${f}.variant`, 'must be a non-empty string');
    checkEstimate(o.pre, `${f}.pre`);
    if (o.post !== undefined) checkEstimate(o.post, `${f}.post`);
    if (o.reachedExit !== undefined && typeof o.reachedExit !== 'boolean') throw new CourseInputError(`${f}.reachedExit`, 'must be a boolean');
    if (o.daysToProficiency !== undefined && !(finite(o.daysToProficiency, `${f}.daysToProficiency`) >= 0)) throw new CourseInputError(`${f}.daysToProficiency`, 'must be ≥ 0');
  });
  return records as CourseRecord[];
}

export interface ReliableChangeResult {
  taskerId: string;
  gain: number;
  se: number;
  rci: number;
  ci95: [number, number];
  classification: 'reliable-improvement' | 'reliable-decline' | 'no-reliable-change';
}

/** RCI = (post − pre)/√(se_pre² + se_post²), classified at ±1.96 */
export function reliableChangeIndex(r: CourseRecord & { post: ThetaEstimate }): ReliableChangeResult {
  const gain = r.post.theta - r.pre.theta;
  const se = Math.hypot(r.pre.se, r.post.se);
  const rci = gain / se;
  const classification = rci > Z_95 ? 'reliable-improvement' : rci < -Z_95 ? 'reliable-decline' : 'no-reliable-change';
  return { taskerId: r.taskerId, gain, se, rci, ci95: [gain - Z_95 * se, gain + Z_95 * se], classification };
}

export interface GainSummary {
  n: number;
  mean: number;
  /** SD of the observed gains (true-gain spread plus measurement error) */
  sd: number;
  se: number;
  ci95: [number, number];
  /** mean of se_pre² + se_post²: the part of the observed-gain variance that is measurement error */
  meanMeasurementVariance: number;
  /** √max(0, sd² − meanMeasurementVariance): the spread of true gains */
  trueGainSd: number;
}

/**
 * Mean gain with the usual SE s/√n and a t(n−1) interval. Each observed gain g_i = Δ_i + e_i with
 * Var(e_i) = se_pre,i² + se_post,i², so the sample variance of the g_i already estimates Var(Δ) + E[se²]:
 * the interval accounts for measurement error without adding it twice, and without assuming SEs are exact.
 */
export function gainSummary(rows: ReadonlyArray<{ pre: ThetaEstimate; post: ThetaEstimate }>): GainSummary | null {
  const n = rows.length;
  if (n < 2) return null;
  const g = rows.map((r) => r.post.theta - r.pre.theta);
  const mean = g.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const q = tQuantile(0.975, n - 1);
  const meanMeasurementVariance = rows.reduce((a, r) => a + r.pre.se ** 2 + r.post.se ** 2, 0) / n;
  return { n, mean, sd, se, ci95: [mean - q * se, mean + q * se], meanMeasurementVariance, trueGainSd: Math.sqrt(Math.max(0, sd * sd - meanMeasurementVariance)) };
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface AncovaResult {
  n: number;
  df: number;
  /** the coefficient of "in variant B" in post ~ 1 + B + pre: the pre-adjusted difference B − A */
  estimate: number;
  se: number;
  ci95: [number, number];
  t: number;
  p: number;
  preSlope: number;
}

/**
 * The sufficient statistics of post ~ 1 + [variant = B] + pre: X'X, X'y, y'y and the group sizes. Rows can be added
 * one at a time (the daily looks add each tasker once, when their post-test arrives).
 */
export class AncovaMoments {
  nA = 0;
  nB = 0;
  readonly xtx = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  readonly xty = [0, 0, 0];
  yty = 0;

  add(inB: boolean, pre: number, post: number): void {
    const x = [1, inB ? 1 : 0, pre];
    if (inB) this.nB++;
    else this.nA++;
    for (let i = 0; i < 3; i++) {
      this.xty[i]! += x[i]! * post;
      for (let j = 0; j < 3; j++) this.xtx[i]![j]! += x[i]! * x[j]!;
    }
    this.yty += post * post;
  }

  /** OLS from the moments: RSS = y'y − β'X'y; SE from σ̂²(X'X)⁻¹, t(n−3); null below 2 per group or when singular */
  fit(): AncovaResult | null {
    const n = this.nA + this.nB;
    if (this.nA < 2 || this.nB < 2 || n < 4) return null;
    const inv = invert3(this.xtx);
    if (!inv) return null;
    const xty = this.xty;
    const beta = [0, 1, 2].map((i) => inv[i]![0]! * xty[0]! + inv[i]![1]! * xty[1]! + inv[i]![2]! * xty[2]!);
    const rss = Math.max(0, this.yty - (beta[0]! * xty[0]! + beta[1]! * xty[1]! + beta[2]! * xty[2]!));
    const df = n - 3;
    const se = Math.sqrt((rss / df) * inv[1]![1]!);
    const t = beta[1]! / se;
    const q = tQuantile(0.975, df);
    return { n, df, estimate: beta[1]!, se, ci95: [beta[1]! - q * se, beta[1]! + q * se], t, p: tTwoSidedP(t, df), preSlope: beta[2]! };
  }
}

/** OLS post ~ 1 + [variant = B] + pre (normal equations, 3×3), SE from σ̂²(X'X)⁻¹, t(n−3) */
export function ancova(a: ReadonlyArray<{ pre: number; post: number }>, b: ReadonlyArray<{ pre: number; post: number }>): AncovaResult | null {
  const m = new AncovaMoments();
  for (const r of a) m.add(false, r.pre, r.post);
  for (const r of b) m.add(true, r.pre, r.post);
  return m.fit();
}

function invert3(m: number[][]): number[][] | null {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [[number, number, number], [number, number, number], [number, number, number]];
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-12)) return null;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

export interface SequentialLook {
  /** mixture likelihood ratio Λ at this look (at most Number.MAX_VALUE: large courses overflow exp; see logLambda) */
  lambda: number;
  /** ln Λ, exact even where Λ itself overflows */
  logLambda: number;
  /** always-valid p-value: min(1, 1/Λ), running minimum over the looks so far */
  alwaysValidP: number;
  /** confidence sequence for δ at level 1 − α, intersected over the looks so far */
  confidenceSequence: [number, number];
  reject: boolean;
}

/**
 * Normal-mixture SPRT on an estimate δ̂ ~ N(δ, V) (here the ANCOVA difference and its squared SE) with mixing prior
 * δ ~ N(0, τ²): Λ = √(V/(V+τ²))·exp(τ²δ̂²/(2V(V+τ²))). Under H0 Λ over the looks is (approximately, V plugged in)
 * a nonnegative martingale, so P(ever Λ ≥ 1/α) ≤ α (Ville). Inverting at each δ0 gives the confidence sequence
 * δ̂ ± √(2V(V+τ²)/τ² · (ln(1/α) + ½ln((V+τ²)/V))).
 */
export function msprtLook(estimate: number, variance: number, previous?: SequentialLook, tau2 = MSPRT_TAU2, alpha = SEQUENTIAL_ALPHA): SequentialLook {
  if (!(variance > 0 && tau2 > 0)) throw new Error('msprtLook: need variance > 0 and τ² > 0');
  const v = variance;
  // in logs: with thousands of taskers δ̂²/V passes 1400 and exp overflows (Λ = ∞ would serialize as null)
  const logLambda = 0.5 * Math.log(v / (v + tau2)) + (tau2 * estimate * estimate) / (2 * v * (v + tau2));
  const lambda = Math.min(Math.exp(logLambda), Number.MAX_VALUE);
  const half = Math.sqrt(((2 * v * (v + tau2)) / tau2) * (Math.log(1 / alpha) + 0.5 * Math.log((v + tau2) / v)));
  let cs: [number, number] = [estimate - half, estimate + half];
  let p = Math.min(1, Math.exp(-logLambda));
  if (previous) {
    p = Math.min(p, previous.alwaysValidP);
    cs = [Math.max(cs[0], previous.confidenceSequence[0]), Math.min(cs[1], previous.confidenceSequence[1])];
  }
  return { lambda, logLambda, alwaysValidP: p, confidenceSequence: cs, reject: p <= alpha };
}

export interface VariantSummary {
  variant: string;
  n: number;
  withPost: number;
  gain: GainSummary | null;
  /** reachedExit = true among all enrolled in the variant (missing counts as not reached) */
  exitRate: Proportion;
  /** median days among those who reached proficiency, with their count (those who did not are not in it) */
  medianDaysToProficiency: number | null;
  reachedProficiency: number;
  reliableChange: { improved: number; declined: number; none: number };
}

export type Comparison =
  | { status: 'not-enough-data'; minPerVariant: number; nA: number; nB: number; control: string; treatment: string }
  | { status: 'ok'; control: string; treatment: string; ancova: AncovaResult; sequential: SequentialLook & { tau2: number; alpha: number } };

export interface CourseEffectReport {
  variants: VariantSummary[];
  comparison: Comparison | null;
  taskers: ReliableChangeResult[];
  method: string;
}

function hasPost(r: CourseRecord): r is CourseRecord & { post: ThetaEstimate } {
  return r.post !== undefined;
}

/** compare `treatment` against `control`, adjusted for pre-test θ; `previous` = the last daily look */
export function compareVariants(records: readonly CourseRecord[], control: string, treatment: string, previous?: SequentialLook): Comparison {
  const a = records.filter((r) => r.variant === control).filter(hasPost).map((r) => ({ pre: r.pre.theta, post: r.post.theta }));
  const b = records.filter((r) => r.variant === treatment).filter(hasPost).map((r) => ({ pre: r.pre.theta, post: r.post.theta }));
  const m = new AncovaMoments();
  for (const r of a) m.add(false, r.pre, r.post);
  for (const r of b) m.add(true, r.pre, r.post);
  return comparisonOf(m, control, treatment, previous);
}

/** the comparison at one look from the moments so far: not enough data below MIN_N_PER_VARIANT per group */
export function comparisonOf(m: AncovaMoments, control: string, treatment: string, previous?: SequentialLook): Comparison {
  const fit = m.nA >= MIN_N_PER_VARIANT && m.nB >= MIN_N_PER_VARIANT ? m.fit() : null;
  if (!fit) return { status: 'not-enough-data', minPerVariant: MIN_N_PER_VARIANT, nA: m.nA, nB: m.nB, control, treatment };
  const look = msprtLook(fit.estimate, fit.se * fit.se, previous);
  return { status: 'ok', control, treatment, ancova: fit, sequential: { ...look, tau2: MSPRT_TAU2, alpha: SEQUENTIAL_ALPHA } };
}

export const COURSE_METHOD =
  'gain: mean of post−pre, SE s/√n, t(n−1) 95% interval (the spread of observed gains already contains the pre and post SEs); ' +
  'difference: OLS post ~ variant + pre, t(n−3); sequential: normal-mixture SPRT on the adjusted difference, τ = 0.3, α = 0.05, ' +
  `always-valid p and confidence sequence; below ${MIN_N_PER_VARIANT} taskers with a post-test per variant: not enough data yet; RCI at ±1.96`;

/** the whole report; `control`/`treatment` default to the first two variants in sorted order */
export function courseEffect(input: unknown, opts: { control?: string; treatment?: string; previous?: SequentialLook } = {}): CourseEffectReport {
  const records = validateCourseRecords(input);
  const names = [...new Set(records.map((r) => r.variant))].sort();
  for (const k of ['control', 'treatment'] as const) {
    const v = opts[k];
    if (v !== undefined && !names.includes(v)) throw new CourseInputError(k, `unknown variant ${v}`);
  }
  const taskers = records.filter(hasPost).map(reliableChangeIndex);
  const byTasker = new Map(taskers.map((t) => [t.taskerId, t]));
  const variants = names.map((variant): VariantSummary => {
    const rs = records.filter((r) => r.variant === variant);
    const post = rs.filter(hasPost);
    const days = rs.flatMap((r) => (r.daysToProficiency === undefined ? [] : [r.daysToProficiency]));
    const rc = post.map((r) => byTasker.get(r.taskerId)!.classification);
    return {
      variant,
      n: rs.length,
      withPost: post.length,
      gain: gainSummary(post),
      exitRate: wilson(rs.filter((r) => r.reachedExit === true).length, rs.length),
      medianDaysToProficiency: median(days),
      reachedProficiency: days.length,
      reliableChange: {
        improved: rc.filter((c) => c === 'reliable-improvement').length,
        declined: rc.filter((c) => c === 'reliable-decline').length,
        none: rc.filter((c) => c === 'no-reliable-change').length,
      },
    };
  });
  const control = opts.control ?? names[0];
  const treatment = opts.treatment ?? names.find((n) => n !== control);
  const comparison = control !== undefined && treatment !== undefined && control !== treatment ? compareVariants(records, control, treatment, opts.previous) : null;
  return { variants, comparison, taskers, method: COURSE_METHOD };
}
