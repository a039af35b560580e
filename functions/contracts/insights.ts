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
    .strictObject({ skill: NameSchema.optional(), track: NameSchema.optional(), courseId: IdSchema.optional(), from: Iso.optional(), to: Iso.optional() })
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
