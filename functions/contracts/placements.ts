import * as z from 'zod';
import { SlugSchema } from '@theta/assessment';
import { IdSchema, ItemViewSchema, ProgressSchema, SkillResultSchema, type RouteContract } from './shared';
import { RATE_LIMITS } from './rate-limits';

const PlacementParams = z.strictObject({ id: IdSchema });

export const StartPlacementBody = z.strictObject({
  taskerId: IdSchema,
  profile: z.strictObject({
    declaredDomains: z.array(SlugSchema).max(20).default([]),
    /** optional: onboarding does not always know it (issue 8.6); not used to choose skills or route */
    educationLevel: z.enum(['high-school', 'bachelor', 'master', 'doctorate', 'other']).optional(),
  }),
  blueprintId: SlugSchema.optional(),
});

export const SubmitResponseBody = z.strictObject({
  itemId: IdSchema,
  answer: z.string().min(1).max(16),
  elapsedMs: z.int().min(0).max(24 * 3600_000).optional().meta({ description: "the client's own measure, stored as sent; the server measures time on the item itself (docs/blueprints.md, \"Time per item\")" }),
});

const Withheld = z
  .object({ reason: z.string(), rapidAnswers: z.int(), scoredAnswers: z.int(), minItemMs: z.int(), maxRapidShare: z.number() })
  .optional()
  .meta({ description: 'set when the placement was not routed (its answers were mostly rapid guesses): `track` is what the rules would have chosen, never assigned' });

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8-128 characters: letters, digits, _ . : -');

export const IdempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKey });

export const OptionalIdempotencyHeaders = z.object({ 'idempotency-key': IdempotencyKey.optional() });

const TaskerResult = z.object({
  track: z.string().nullable().meta({ description: 'the track the tasker is on now; null when the placement was withheld (mostly rapid guesses): summary says why' }),
  summary: z.string().optional().meta({ description: 'plain language for the tasker: the track, what was close, the retake policy (no θ, SE or cuts)' }),
  reason: z.string().meta({ description: 'the technical reason (rule, cuts, estimates, intervals), as ops see it' }),
  skills: z.record(z.string(), SkillResultSchema),
  itemsUsed: z.int(),
});

export const startPlacement = {
  summary: 'Start an adaptive placement test for a tasker (onboarding)',
  description:
    'Enforces the blueprint retake policy: 409 `placement_in_progress` / `retake_limit_reached`, 429 `retake_cooldown` with Retry-After. ' +
    'With an Idempotency-Key header a retried start returns the first response instead of a 409.',
  access: ['onboarding'],
  rateLimits: RATE_LIMITS.placementStarts,
  headers: OptionalIdempotencyHeaders,
  body: StartPlacementBody,
  responses: {
    201: {
      description: 'the placement and its first item (content only)',
      schema: z.object({
        placementId: z.string(),
        status: z.literal('in-progress'),
        blueprint: z.object({ id: z.string(), version: z.int() }),
        skills: z.array(z.string()),
        item: ItemViewSchema,
        progress: ProgressSchema,
        idleDeadline: z.string(),
      }),
    },
    404: { description: 'no such blueprint' },
    409: { description: 'a placement is in progress or no attempts are left' },
    429: { description: 'the retake cooldown has not passed' },
  },
} as const satisfies RouteContract;

export const getPlacementItem = {
  summary: 'The current item of my placement (repeatable)',
  access: ['tasker'],
  ownership: { roles: ['tasker'], by: 'session-owner' },
  params: PlacementParams,
  responses: {
    200: { description: 'the current item', schema: z.object({ placementId: z.string(), item: ItemViewSchema, progress: ProgressSchema }) },
    404: { description: 'no such placement for this tasker' },
    409: { description: 'the placement is complete' },
    410: { description: 'the placement expired after being idle' },
  },
} as const satisfies RouteContract;

export const submitPlacementResponse = {
  summary: 'Answer the current item; returns the next item or the final result',
  description: 'Requires an Idempotency-Key header: a retry with the same key returns the same answer and writes nothing twice.',
  access: ['tasker'],
  rateLimits: RATE_LIMITS.placementAnswers,
  ownership: { roles: ['tasker'], by: 'session-owner' },
  params: PlacementParams,
  headers: IdempotencyHeaders,
  body: SubmitResponseBody,
  responses: {
    200: {
      description: 'the next item, or the result when the test stopped',
      schema: z.union([
        z.object({ placementId: z.string(), status: z.literal('in-progress'), item: ItemViewSchema, progress: ProgressSchema }),
        z.object({ placementId: z.string(), status: z.literal('completed'), result: TaskerResult }),
      ]),
    },
    404: { description: 'no such placement for this tasker' },
    409: { description: 'not the current item, the placement changed, or it is complete' },
    410: { description: 'the placement expired after being idle' },
    422: { description: 'the answer is not an option of the item, or the Idempotency-Key was reused with another body' },
  },
} as const satisfies RouteContract;

export const getPlacement = {
  summary: 'Placement status; when complete, per-skill θ, SE, 95% interval, the track and why',
  access: ['tasker', 'onboarding', 'ops'],
  ownership: { roles: ['tasker'], by: 'session-owner' },
  params: PlacementParams,
  responses: {
    200: {
      description: 'the placement',
      schema: z.object({
        placementId: z.string(),
        taskerId: z.string(),
        status: z.enum(['in-progress', 'completed', 'expired']),
        blueprint: z.object({ id: z.string(), version: z.int() }),
        skills: z.array(z.string()),
        itemsAnswered: z.int(),
        result: z
          .object({
            skills: z.record(z.string(), SkillResultSchema),
            track: z.string(),
            trackReason: z.string(),
            trackSummary: z.string().optional().meta({ description: "the tasker's plain-language summary of the decision" }),
            trackRule: z.string(),
            stopReason: z.string(),
            itemsUsed: z.int(),
            itemsAdministered: z.array(z.string()),
            withheld: Withheld,
          })
          .loose()
          .optional(),
      }).loose(),
    },
    404: { description: 'no such placement for this caller' },
  },
} as const satisfies RouteContract;

const PlacementListEntry = z.object({
  placementId: z.string(),
  status: z.enum(['in-progress', 'completed', 'expired']),
  blueprint: z.object({ id: z.string(), version: z.int() }),
  skills: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  itemsAnswered: z.int(),
  result: z
    .object({
      track: z.string(),
      trackSummary: z.string().optional(),
      trackReason: z.string(),
      stopReason: z.string(),
      itemsUsed: z.int(),
      completedAt: z.string(),
      withheld: Withheld,
    })
    .optional(),
});

export const listTaskerPlacements = {
  summary: "A tasker's placements, newest first, and the one in progress to resume (the tasker themself, onboarding, ops)",
  access: ['tasker', 'onboarding', 'ops'],
  ownership: { roles: ['tasker'], by: 'path-tasker' },
  params: z.strictObject({ id: IdSchema }),
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(20) }),
  responses: {
    200: {
      description: 'the placements',
      schema: z.object({ taskerId: z.string(), active: PlacementListEntry.optional(), placements: z.array(PlacementListEntry) }),
    },
    404: { description: 'no such tasker for this caller' },
  },
} as const satisfies RouteContract;
