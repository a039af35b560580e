// The course-effectiveness insight (GET /v1/insights/courses/{id}, `npm run insights -- course`): one run of
// sql/course-outcomes.sql on whichever engine, then courseEffect's statistics, with the method stated.
import type { InsightEngine } from '../engines/engine';
import { wilson } from '../stats/wilson';
import { outcomesFromRows } from './course-outcomes';
import { type DailyLook, dailyLooks, gainsOverTime, type VariantGainLook } from './daily-looks';
import {
  COURSE_METHOD,
  type Comparison,
  courseEffect,
  MIN_N_PER_VARIANT,
  MSPRT_TAU2,
  type ReliableChangeResult,
  SEQUENTIAL_ALPHA,
  type VariantSummary,
} from './course-stats';

export interface CourseInsightQuery {
  courseId: string;
  skill: string;
  /** enrolments in [from, to); `to` is also the look: nothing measured at or after it is seen */
  from: string;
  to: string;
  /** the baseline (default: the variant named `control`, else the course's first, else the first by name) */
  control?: string;
  /** compare this one only (default: every other variant against the control) */
  treatment?: string;
  /** the course's variants in definition order, when known: listed even before anyone is enrolled in them */
  variants?: readonly string[];
  /** a post measurement at or above this θ counts as proficient */
  proficientTheta?: number;
  /** how many taskers' reliable change to list, largest |RCI| first (default 50) */
  top?: number;
}

export interface CourseInsightReport {
  engine: string;
  courseId: string;
  skill: string;
  filters: { from: string; to: string; proficientTheta: number | null };
  status: 'ok' | 'not-enough-data';
  minPerVariant: number;
  sequentialTest: { method: string; tau: number; tau2: number; alpha: number };
  enrolled: number;
  withoutPre: number;
  variants: VariantSummary[];
  control: string | null;
  /** each compared variant against the control, with its own test at α (one per pair), chained over the daily looks */
  comparisons: (Comparison & { looks: DailyLook[] })[];
  /** each variant's mean gain and interval at every daily look */
  gainsOverTime: VariantGainLook[];
  taskers: { total: number; shown: number; items: (ReliableChangeResult & { variant: string })[] };
  method: string;
}

export const DEFAULT_TOP_TASKERS = 50;

function emptyVariant(variant: string): VariantSummary {
  return { variant, n: 0, withPost: 0, gain: null, exitRate: wilson(0, 0), medianDaysToProficiency: null, reachedProficiency: 0, reliableChange: { improved: 0, declined: 0, none: 0 } };
}

export async function courseInsight(engine: InsightEngine, q: CourseInsightQuery): Promise<CourseInsightReport> {
  const rows = await engine.run('course-outcomes', {
    from: q.from,
    to: q.to,
    courseId: q.courseId,
    skill: q.skill,
    ...(q.proficientTheta === undefined ? {} : { proficientTheta: q.proficientTheta }),
  });
  const outcomes = outcomesFromRows(rows, Date.parse(q.from));
  const toMs = Date.parse(q.to);
  const effect = courseEffect(outcomes.records);
  const seen = effect.variants.map((v) => v.variant);
  const names = [...(q.variants ?? []), ...seen.filter((v) => !(q.variants ?? []).includes(v))];
  const byName = new Map(effect.variants.map((v) => [v.variant, v]));
  const control = q.control ?? (names.includes('control') ? 'control' : names[0]);
  const treatments = q.treatment !== undefined ? [q.treatment] : names.filter((n) => n !== control);
  const comparisons =
    control === undefined
      ? []
      : treatments
          .filter((t) => t !== control)
          .map((t) => {
            const { final, looks } = dailyLooks(outcomes.records, outcomes.times, toMs, control, t);
            return { ...final, looks };
          });
  const variantOf = new Map(outcomes.records.map((r) => [r.taskerId, r.variant]));
  const ranked = [...effect.taskers].sort((a, b) => Math.abs(b.rci) - Math.abs(a.rci) || (a.taskerId < b.taskerId ? -1 : 1));
  const items = ranked.slice(0, q.top ?? DEFAULT_TOP_TASKERS).map((t) => ({ ...t, variant: variantOf.get(t.taskerId)! }));
  return {
    engine: engine.name,
    courseId: q.courseId,
    skill: q.skill,
    filters: { from: q.from, to: q.to, proficientTheta: q.proficientTheta ?? null },
    status: comparisons.length > 0 && comparisons.every((c) => c.status === 'ok') ? 'ok' : 'not-enough-data',
    minPerVariant: MIN_N_PER_VARIANT,
    sequentialTest: { method: 'normal-mixture SPRT on the ANCOVA difference, chained over the daily looks (always-valid p: their running minimum; confidence sequence: their intersection)', tau: Math.sqrt(MSPRT_TAU2), tau2: MSPRT_TAU2, alpha: SEQUENTIAL_ALPHA },
    enrolled: outcomes.enrolled,
    withoutPre: outcomes.withoutPre.length,
    variants: names.map((n) => byName.get(n) ?? emptyVariant(n)),
    control: control ?? null,
    comparisons,
    gainsOverTime: gainsOverTime(outcomes.records, outcomes.times, toMs, names),
    taskers: { total: ranked.length, shown: items.length, items },
    method: COURSE_METHOD,
  };
}
