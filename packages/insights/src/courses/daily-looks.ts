// The designer's daily looks, rebuilt from one run of course-outcomes.sql: at the end of each UTC day (and at `to`)
// a tasker counts if enrolled before it, with the post-test only if measured before it — exactly what a query with
// that `to` would have returned (the pre-test is fixed at enrolment, the post-test is the first one after it, always
// after enrolment). The mixture SPRT is chained over these looks, so the reported always-valid p is the running
// minimum and the confidence sequence the running intersection: the guarantee holds for a designer who looked on
// every one of those days. One sweep in post-test order, adding each tasker to the sufficient statistics once.
import { tQuantile } from '../stats/t-dist';
import { AncovaMoments, type Comparison, comparisonOf, type CourseRecord, type SequentialLook } from './course-stats';

const DAY_MS = 86_400_000;
/** at most this many looks (longer windows look every few days) */
export const MAX_LOOKS = 366;

export interface DailyLook {
  at: string;
  nControl: number;
  nTreatment: number;
  status: 'ok' | 'not-enough-data';
  estimate: number | null;
  ci95: [number, number] | null;
  alwaysValidP: number | null;
  confidenceSequence: [number, number] | null;
}

export interface VariantGainLook {
  at: string;
  variants: { variant: string; n: number; mean: number | null; ci95: [number, number] | null }[];
}

type Times = ReadonlyMap<string, { enrolledMs: number; postMs: number | null }>;
type WithPost = CourseRecord & { post: NonNullable<CourseRecord['post']> };

/** the look times: each UTC midnight after the first enrolment, then `to` itself */
export function lookTimes(times: Times, toMs: number): number[] {
  let first = Infinity;
  for (const t of times.values()) first = Math.min(first, t.enrolledMs);
  if (!Number.isFinite(first)) return [toMs];
  const firstMidnight = (Math.floor(first / DAY_MS) + 1) * DAY_MS;
  const days = Math.max(0, Math.ceil((toMs - firstMidnight) / DAY_MS));
  const step = Math.max(1, Math.ceil(days / (MAX_LOOKS - 1)));
  const out: number[] = [];
  for (let t = firstMidnight; t < toMs; t += step * DAY_MS) out.push(t);
  out.push(toMs);
  return out;
}

/** the taskers of these variants with a post-test, in the order their post-tests arrived */
function byArrival(records: readonly CourseRecord[], times: Times, variants: ReadonlySet<string>): { r: WithPost; at: number }[] {
  return records
    .flatMap((r) => {
      const at = times.get(r.taskerId)?.postMs;
      return r.post && variants.has(r.variant) && at !== null && at !== undefined ? [{ r: r as WithPost, at }] : [];
    })
    .sort((x, y) => x.at - y.at);
}

/** every look of `treatment` against `control`, the SPRT chained over them; `final` is the look at `to` */
export function dailyLooks(records: readonly CourseRecord[], times: Times, toMs: number, control: string, treatment: string): { final: Comparison; looks: DailyLook[] } {
  const arrivals = byArrival(records, times, new Set([control, treatment]));
  const moments = new AncovaMoments();
  let previous: SequentialLook | undefined;
  let next = 0;
  let final: Comparison = comparisonOf(moments, control, treatment);
  const looks: DailyLook[] = [];
  for (const at of lookTimes(times, toMs)) {
    for (; next < arrivals.length && arrivals[next]!.at < at; next++) {
      const { r } = arrivals[next]!;
      moments.add(r.variant === treatment, r.pre.theta, r.post.theta);
    }
    const c = comparisonOf(moments, control, treatment, previous);
    final = c;
    const iso = new Date(at).toISOString();
    if (c.status === 'ok') {
      previous = c.sequential;
      looks.push({ at: iso, nControl: moments.nA, nTreatment: moments.nB, status: 'ok', estimate: c.ancova.estimate, ci95: c.ancova.ci95, alwaysValidP: c.sequential.alwaysValidP, confidenceSequence: c.sequential.confidenceSequence });
    } else looks.push({ at: iso, nControl: moments.nA, nTreatment: moments.nB, status: 'not-enough-data', estimate: null, ci95: null, alwaysValidP: null, confidenceSequence: null });
  }
  return { final, looks };
}

/** each variant's mean gain and t interval at every look (the data of a "gains over time" chart) */
export function gainsOverTime(records: readonly CourseRecord[], times: Times, toMs: number, variants: readonly string[]): VariantGainLook[] {
  const arrivals = byArrival(records, times, new Set(variants));
  const sums = new Map(variants.map((v) => [v, { n: 0, g: 0, g2: 0 }]));
  let next = 0;
  return lookTimes(times, toMs).map((at) => {
    for (; next < arrivals.length && arrivals[next]!.at < at; next++) {
      const { r } = arrivals[next]!;
      const s = sums.get(r.variant)!;
      const g = r.post.theta - r.pre.theta;
      s.n++;
      s.g += g;
      s.g2 += g * g;
    }
    return {
      at: new Date(at).toISOString(),
      variants: variants.map((variant) => {
        const { n, g, g2 } = sums.get(variant)!;
        if (n < 2) return { variant, n, mean: null, ci95: null };
        const mean = g / n;
        const half = (tQuantile(0.975, n - 1) * Math.sqrt(Math.max(0, (g2 - n * mean * mean) / (n - 1)))) / Math.sqrt(n);
        return { variant, n, mean, ci95: [mean - half, mean + half] as [number, number] };
      }),
    };
  });
}
