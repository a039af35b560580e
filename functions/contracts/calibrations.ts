import * as z from 'zod';
import { CALIBRATION_MODELS, CALIBRATION_STATUSES, DIF_ATTRIBUTES, SlugSchema } from '@theta/assessment';
import { OptionalIdempotencyHeaders } from './placements';
import { IdSchema, type RouteContract } from './shared';

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' });

export const RequestCalibrationBody = z
  .strictObject({
    blueprintId: SlugSchema.optional().meta({ description: "only items of this blueprint's skills; its pilot minResponses decides which pilot items are ready" }),
    from: Instant.optional().meta({ description: 'responses at or after this instant' }),
    to: Instant.optional().meta({ description: 'responses before this instant' }),
    model: z.enum(CALIBRATION_MODELS).optional().meta({ description: 'recast the estimated dichotomous items (3PL gets priors on c and a)' }),
    free: z.boolean().optional().meta({ description: 'estimate every active and pilot item on N(0, 1) (drift); default fixed-anchor: active items fixed, pilot items estimated' }),
    difBy: z.enum(DIF_ATTRIBUTES).optional().meta({ description: "the tasker attribute DIF groups by: the education level declared at placement start (default), or none" }),
  })
  .refine((b) => b.from === undefined || b.to === undefined || Date.parse(b.from) < Date.parse(b.to), { path: ['to'], error: 'must be after from' });

const Params = z.strictObject({ id: IdSchema });
const ItemParams = z.strictObject({ id: IdSchema });

const Parameters = z.object({ model: z.string(), a: z.number(), b: z.number().optional(), c: z.number().optional(), d: z.number().optional(), thresholds: z.array(z.number()).optional() });
const Fit = z.object({ infit: z.number().nullable(), outfit: z.number().nullable(), chiSquare: z.number().nullable(), df: z.number(), p: z.number().nullable(), method: z.string() }).nullable();
const ReportItem = z.object({
  itemId: z.string(),
  skill: z.string(),
  status: z.string(),
  estimated: z.boolean(),
  baseVersion: z.int(),
  before: Parameters,
  after: Parameters.optional(),
  se: z.record(z.string(), z.unknown()).nullable().optional(),
  n: z.int(),
  fit: Fit,
  flags: z.array(z.string()),
  ready: z.boolean(),
});

const CalibrationSchema = z.object({
  id: z.string(),
  status: z.enum(CALIBRATION_STATUSES),
  request: z.object({}).passthrough(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  summary: z.object({}).passthrough().optional(),
  approval: z
    .object({ approvedBy: z.string(), approvedAt: z.string(), bankVersion: z.int(), changes: z.array(z.object({ itemId: z.string(), fromVersion: z.int(), toVersion: z.int(), before: Parameters, after: Parameters, promoted: z.boolean() })) })
    .optional(),
  report: z
    .object({
      items: z.array(ReportItem),
      candidate: z.array(z.object({}).passthrough()),
      dif: z
        .object({ by: z.enum(DIF_ATTRIBUTES), reference: z.string().nullable(), groups: z.record(z.string(), z.int()), unknown: z.int() })
        .optional()
        .meta({ description: "the groups behind the items' health.dif: the attribute, the reference group (the largest), taskers per group, taskers without a value" }),
    })
    .passthrough()
    .optional(),
});

export const requestCalibration = {
  summary: 'Queue a calibration of the bank from the logged responses (author)',
  description:
    'Runs as a job (RunCalibrations): fixed-anchor by default. The report (parameter changes with SEs, fit, flags, items ready to promote) and a candidate bank version are stored; nothing changes until approved. With an Idempotency-Key a retry returns the first run. docs/calibration.md.',
  access: ['author'],
  headers: OptionalIdempotencyHeaders,
  body: RequestCalibrationBody,
  responses: {
    202: { description: 'the queued run', schema: CalibrationSchema },
    404: { description: 'no such blueprint' },
  },
} as const satisfies RouteContract;

export const getCalibration = {
  summary: 'A calibration run, with its report once completed (author, ops)',
  access: ['author', 'ops'],
  params: Params,
  responses: { 200: { description: 'the run', schema: CalibrationSchema }, 404: { description: 'no such calibration' } },
} as const satisfies RouteContract;

export const listCalibrations = {
  summary: 'Every calibration run, newest request first, a page at a time (author, ops): where candidates are found',
  description: 'One Query of the bank table’s gsi2 per page (never a Scan). The runs come without their reports: `GET /v1/calibrations/{id}` has the report.',
  access: ['author', 'ops'],
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(2048).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: { description: 'one page; `cursor` is present when there is more', schema: z.object({ calibrations: z.array(CalibrationSchema.omit({ report: true })), cursor: z.string().optional() }) },
    422: { description: 'the cursor is not one of this list' },
  },
} as const satisfies RouteContract;

export const approveCalibration = {
  summary: 'Approve a completed calibration: its candidate becomes the bank the next publication compiles (author)',
  description:
    'Writes each changed item iff it is still at the version the calibration read (409 `stale_candidate` otherwise); ready pilot items become active; the approval is audited. Approving an approved run returns it.',
  access: ['author'],
  params: Params,
  responses: {
    200: { description: 'the approved run', schema: CalibrationSchema },
    404: { description: 'no such calibration' },
    409: { description: 'not completed, or an item changed since the calibration read it' },
    422: { description: 'not converged, changes nothing, or too many changes for one approval' },
  },
} as const satisfies RouteContract;

const Health = ReportItem.extend({ calibrationId: z.string(), calibratedAt: z.string(), mode: z.string() });

export const getItemHealth = {
  summary: "An item's health from the latest calibration (author, ops)",
  access: ['author', 'ops'],
  params: ItemParams,
  responses: { 200: { description: 'n, fit, flags, parameters and SEs', schema: Health }, 404: { description: 'no calibration yet, or the item was not in it' } },
} as const satisfies RouteContract;

export const listItemHealth = {
  summary: 'Items needing attention, ranked, from the latest calibration (author, ops)',
  description: 'Items with a flag (or with `flag`): the most flags first, then the worst fit.',
  access: ['author', 'ops'],
  query: z.strictObject({
    flag: z.enum(['few-responses', 'misfit', 'drift', 'low-discrimination', 'dif', 'rapid-guessing']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  }),
  responses: { 200: { description: 'the ranked items', schema: z.object({ calibrationId: z.string(), calibratedAt: z.string(), items: z.array(Health) }) }, 404: { description: 'no calibration yet' } },
} as const satisfies RouteContract;
