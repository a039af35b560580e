import * as z from 'zod';
import { BulkRerouteSpecSchema } from '@theta/assessment';
import { IdempotencyHeaders } from './placements';
import { type RouteContract } from './shared';

const BulkParams = z.strictObject({ id: z.string().regex(/^[a-f0-9]{24}$/, 'must be a bulk reroute id (24 hex characters)') });

const Job = z.object({
  id: z.string(),
  status: z.enum(['previewing', 'previewed', 'applying', 'applied']).meta({ description: 'previewing → previewed (the dry run is complete) → applying → applied' }),
  fromTrack: z.string(),
  toTrack: z.string(),
  reason: z.string(),
  rule: z.object({ kind: z.string() }).loose(),
  createdBy: z.string(),
  createdAt: z.string(),
  counts: z.object({
    examined: z.int().meta({ description: 'profiles read by the dry run' }),
    candidates: z.int().meta({ description: 'taskers the rule picks (the dry run)' }),
    moved: z.int(),
    skipped: z.int().meta({ description: 'candidates no longer on fromTrack when applied' }),
  }),
  previewedAt: z.string().optional(),
  appliedBy: z.string().optional(),
  appliedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

const Candidate = z.object({
  taskerId: z.string(),
  why: z.string().meta({ description: 'the rule’s numbers for this tasker' }),
  outcome: z.enum(['moved', 'skipped']).optional(),
  outcomeWhy: z.string().optional(),
  moveId: z.string().optional(),
});

export const createBulkReroute = {
  summary: 'Start a bulk reroute by rule (ops): a dry run lists who would move and why; nothing moves until it is applied',
  description:
    'Requires an Idempotency-Key: the same key and body return the same job (200), another body under the key → 422. ' +
    'The job runs in the background (RunBulkReroutes); poll GET /v1/bulk-reroutes/{id}. docs/tracks.md, "Bulk reroute".',
  access: ['ops'],
  headers: IdempotencyHeaders,
  body: BulkRerouteSpecSchema,
  responses: {
    201: { description: 'the job, previewing', schema: z.object({ job: Job }) },
    200: { description: 'the same job (a retry with the same key)', schema: z.object({ job: Job }) },
    422: { description: 'the Idempotency-Key was used for another bulk reroute' },
  },
} as const satisfies RouteContract;

export const getBulkReroute = {
  summary: 'A bulk reroute: its status, counts and one page of candidates with the rule’s reason and, once applied, the outcome (ops)',
  access: ['ops'],
  params: BulkParams,
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(1024).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: { description: 'the job and a page of candidates (by tasker id); `cursor` while there are more', schema: z.object({ job: Job, candidates: z.array(Candidate), cursor: z.string().optional() }) },
    404: { description: 'no such bulk reroute' },
    422: { description: 'the cursor is not one of this job’s' },
  },
} as const satisfies RouteContract;

export const applyBulkReroute = {
  summary: 'Apply a previewed bulk reroute (ops): the job moves exactly the dry run’s candidates still on fromTrack',
  description: 'Idempotent: applying an applying or applied job returns it unchanged. 409 while the dry run is still running.',
  access: ['ops'],
  params: BulkParams,
  responses: {
    200: { description: 'the job, applying (or as it is, when already applied)', schema: z.object({ job: Job }) },
    404: { description: 'no such bulk reroute' },
    409: { description: 'the dry run is still running' },
  },
} as const satisfies RouteContract;
