import * as z from 'zod';
import { IdSchema, type RouteContract } from './shared';

const NameSchema = z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,63}$/, 'must be 1-64 lower-case letters, digits, :, - or _');
/** the longest window one request may scan (Athena cost: docs/insights.md) */
export const MAX_INSIGHT_DAYS = 366;

const Proportion = z
  .object({ x: z.int(), n: z.int(), p: z.number(), lo: z.number(), hi: z.number() })
  .meta({ description: 'x of n, p = x/n, and its 95% Wilson interval [lo, hi]' });
const BandProportion = Proportion.extend({ band: z.int().min(1).max(5) });

const ErrorTagInsight = z.object({
  rank: z.int(),
  skill: z.string(),
  errorTag: z.string(),
  count: z.int(),
  shareOfErrors: Proportion,
  rate: Proportion.meta({ description: 'among responses to the items where the tag occurs, the share that made it' }),
  byBand: z.array(BandProportion).meta({ description: 'the rate per ability band: θ quintiles of the responders in the skill, 5 = strongest' }),
  peakBand: z.int().nullable(),
  flag: z.enum(['ambiguous-item-or-training-gap']).nullable(),
  exampleItems: z.array(z.object({ itemId: z.string(), rate: Proportion })),
});

const ItemInsight = z.object({
  skill: z.string(),
  itemId: z.string(),
  n: z.int(),
  correct: Proportion,
  errors: z.int(),
  options: z.array(
    z.object({
      answer: z.string().nullable(),
      errorTag: z.string().nullable(),
      correct: z.boolean(),
      chosen: Proportion,
      byBand: z.array(BandProportion.extend({ medianElapsedMs: z.number().nullable() })),
      flag: z.enum(['strong-taskers-choose-this']).nullable(),
    }),
  ),
  flag: z.enum(['ambiguous-item']).nullable(),
});

const Iso = z.iso.datetime({ offset: true });

export const getInsightErrors = {
  summary: 'Common errors: error tags ranked by frequency with rates by ability band, flags, example items, distractor analysis (authors, ops)',
  description:
    'Runs packages/insights/sql/errors-by-band.sql on Athena (DuckDB locally) over the response records in [from, to) ' +
    `(default: the last 90 days; at most ${MAX_INSIGHT_DAYS} days). Every number comes with its n and a 95% Wilson interval. docs/insights.md.`,
  access: ['author', 'ops'],
  query: z
    .strictObject({
      skill: NameSchema.optional(),
      track: NameSchema.optional(),
      courseId: IdSchema.optional(),
      // a project blueprint's project: only the responses of its placements (docs/insights.md)
      projectId: NameSchema.optional(),
      from: Iso.optional(),
      to: Iso.optional(),
    })
    .superRefine((q, ctx) => {
      const to = q.to ? Date.parse(q.to) : Date.now();
      const from = q.from ? Date.parse(q.from) : to - 90 * 86_400_000;
      if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
      else if (to - from > MAX_INSIGHT_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['from'], message: `the window may be at most ${MAX_INSIGHT_DAYS} days` });
    }),
  responses: {
    200: {
      description: 'the report',
      schema: z.object({
        engine: z.enum(['athena', 'duckdb']),
        filters: z.object({ from: z.string(), to: z.string(), skill: z.string().optional(), track: z.string().optional(), courseId: z.string().optional() }),
        rule: z.string().meta({ description: 'the flag rule, stated' }),
        responses: z.int(),
        errors: z.array(ErrorTagInsight),
        items: z.array(ItemInsight),
      }),
    },
  },
} as const satisfies RouteContract;

const Interval = z.tuple([z.number(), z.number()]);
const VariantOutcome = z.object({
  variant: z.string(),
  n: z.int().meta({ description: 'enrolled in [from, to) with a pre-test' }),
  withPost: z.int().meta({ description: 'of them, with a placement or re-assessment after enrolment' }),
  gain: z
    .object({
      n: z.int(),
      mean: z.number(),
      sd: z.number(),
      se: z.number(),
      ci95: Interval,
      meanMeasurementVariance: z.number(),
      trueGainSd: z.number(),
    })
    .nullable()
    .meta({ description: 'post − pre θ: mean, SE s/√n and t(n−1) 95% interval (the spread of observed gains contains the pre and post SEs); null below 2' }),
  exitRate: Proportion,
  medianDaysToProficiency: z.number().nullable(),
  reachedProficiency: z.int(),
  reliableChange: z.object({ improved: z.int(), declined: z.int(), none: z.int() }),
});
const Sequential = z.object({ lambda: z.number(), logLambda: z.number(), alwaysValidP: z.number(), confidenceSequence: Interval, reject: z.boolean(), tau2: z.number(), alpha: z.number() });
const Ancova = z.object({ n: z.int(), df: z.int(), estimate: z.number(), se: z.number(), ci95: Interval, t: z.number(), p: z.number(), preSlope: z.number() });
const DailyLook = z.object({
  at: z.string(),
  nControl: z.int(),
  nTreatment: z.int(),
  status: z.enum(['ok', 'not-enough-data']),
  estimate: z.number().nullable(),
  ci95: Interval.nullable(),
  alwaysValidP: z.number().nullable(),
  confidenceSequence: Interval.nullable(),
});
const Looks = z.array(DailyLook).meta({ description: 'the look at the end of every UTC day since the first enrolment, and at `to`: the SPRT is chained over them (running minimum p, intersected sequence)' });
const CourseComparison = z.union([
  z.object({ status: z.literal('not-enough-data'), minPerVariant: z.int(), nA: z.int(), nB: z.int(), control: z.string(), treatment: z.string(), looks: Looks }),
  z.object({ status: z.literal('ok'), control: z.string(), treatment: z.string(), ancova: Ancova, sequential: Sequential, looks: Looks }),
]);
const GainLook = z.object({
  at: z.string(),
  variants: z.array(z.object({ variant: z.string(), n: z.int(), mean: z.number().nullable(), ci95: Interval.nullable() })),
});
const TaskerChange = z.object({
  taskerId: z.string(),
  variant: z.string(),
  gain: z.number(),
  se: z.number(),
  rci: z.number(),
  ci95: Interval,
  classification: z.enum(['reliable-improvement', 'reliable-decline', 'no-reliable-change']),
});
/** the most taskers one response lists */
export const MAX_COURSE_TASKERS = 1000;
const VariantId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1..64 lowercase letters, digits or hyphens');

export const getInsightCourse = {
  summary: 'Course effectiveness: per-variant gains, the pre-adjusted difference with always-valid inference, exit rate, time to proficiency, reliable change (authors, ops)',
  description:
    'Runs packages/insights/sql/course-outcomes.sql on Athena (DuckDB locally) over the enrolments in [from, to) and the proficiency measurements ' +
    'before `to` (default: the last 90 days; at most ' +
    `${MAX_INSIGHT_DAYS} days), then the statistics of docs/insights.md ("Course effectiveness"). Unknown course → 404.`,
  access: ['author', 'ops'],
  params: z.strictObject({ id: IdSchema }),
  query: z
    .strictObject({
      control: VariantId.optional().meta({ description: "default: the variant named control, else the course's first" }),
      treatment: VariantId.optional().meta({ description: 'default: every other variant, each against the control' }),
      skill: NameSchema.optional().meta({ description: "the skill whose θ is compared (default: the course's first skill)" }),
      proficientTheta: z.coerce.number().min(-6).max(6).optional().meta({ description: "θ that counts as proficient (default: the highest minTheta of the skill's modules, else 0)" }),
      taskers: z.coerce.number().int().min(0).max(MAX_COURSE_TASKERS).optional().meta({ description: 'how many taskers to list, largest |RCI| first (default 50)' }),
      from: Iso.optional(),
      to: Iso.optional(),
    })
    .superRefine((q, ctx) => {
      const to = q.to ? Date.parse(q.to) : Date.now();
      const from = q.from ? Date.parse(q.from) : to - 90 * 86_400_000;
      if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
      else if (to - from > MAX_INSIGHT_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['from'], message: `the window may be at most ${MAX_INSIGHT_DAYS} days` });
      if (q.control !== undefined && q.control === q.treatment) ctx.addIssue({ code: 'custom', path: ['treatment'], message: 'must differ from control' });
    }),
  responses: {
    200: {
      description: 'the report',
      schema: z.object({
        engine: z.enum(['athena', 'duckdb']),
        courseId: z.string(),
        skill: z.string(),
        filters: z.object({ from: z.string(), to: z.string(), proficientTheta: z.number().nullable() }),
        status: z.enum(['ok', 'not-enough-data']).meta({ description: 'not-enough-data while a compared variant has fewer than minPerVariant taskers with a post-test' }),
        minPerVariant: z.int(),
        sequentialTest: z.object({ method: z.string(), tau: z.number(), tau2: z.number(), alpha: z.number() }).meta({ description: 'the always-valid test, stated: look as often as you like' }),
        enrolled: z.int(),
        withoutPre: z.int().meta({ description: 'enrolled but never measured in the skill before enrolment: not compared' }),
        variants: z.array(VariantOutcome),
        control: z.string().nullable(),
        comparisons: z.array(CourseComparison).meta({ description: 'the treatment (or every other variant) against the control, each its own test at α' }),
        gainsOverTime: z.array(GainLook).meta({ description: "each variant's mean gain and 95% interval at every daily look (the chart of gains over time)" }),
        taskers: z.object({ total: z.int(), shown: z.int(), items: z.array(TaskerChange) }),
        method: z.string(),
      }),
    },
    404: { description: 'no such course' },
  },
} as const satisfies RouteContract;
