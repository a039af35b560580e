import * as z from 'zod';
import { RemediationRuleBodySchema, SlugSchema as Slug } from '@theta/assessment';
import { IdempotencyHeaders } from './placements';
import { IdSchema, type RouteContract } from './shared';


const Rule = z.object({
  id: z.string(),
  version: z.int(),
  title: z.string(),
  enabled: z.boolean(),
  when: z.object({ kind: z.string() }).loose(),
  fromTracks: z.array(z.string()).optional(),
  moveTo: z.string(),
  courseId: z.string().optional(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const putRemediationRule = {
  summary: 'Create or change a remediation rule (authors, ops): each change is a new immutable version',
  description:
    'Re-sending the current content writes nothing (200, the same version). Kinds: `quality-below` (runs when a quality signal arrives), `theta-below` (runs after every proficiency update), `error-tag-rate` (runs after a quiz answer choosing an option with its tag). A `courseId` must name an existing course (else 422 `course_not_found`, details.field `body.courseId`). docs/remediation.md.',
  access: ['author', 'ops'],
  params: z.strictObject({ id: Slug }),
  body: RemediationRuleBodySchema,
  responses: {
    201: { description: 'a new version', schema: z.object({ rule: Rule }) },
    200: { description: 'unchanged: the current version', schema: z.object({ rule: Rule }) },
    409: { description: 'the rule kept changing under concurrent writes' },
    422: { description: 'body.courseId names no course (`course_not_found`)' },
  },
} as const satisfies RouteContract;

export const listRemediationRules = {
  summary: 'The remediation rules, each at its current version (authors, ops)',
  access: ['author', 'ops'],
  responses: { 200: { description: 'every rule', schema: z.object({ rules: z.array(Rule) }) } },
} as const satisfies RouteContract;

const Signal = z.object({
  id: z.string(),
  taskerId: z.string(),
  skill: z.string(),
  score: z.number(),
  errorTag: z.string().optional(),
  workId: z.string().optional(),
  observedAt: z.string(),
  receivedAt: z.string(),
  source: z.string(),
});

export const postQualitySignal = {
  summary: 'A quality signal (the quality service): an audit score of delivered work; remediation rules on its skill run at once',
  description:
    'Requires an Idempotency-Key: a retry returns the same signal (200) and completes any move the first attempt did not; the key reused for another signal → 422. docs/remediation.md.',
  access: ['quality'],
  params: z.strictObject({ id: IdSchema }),
  headers: IdempotencyHeaders,
  body: z.strictObject({
    skill: Slug,
    score: z.number().min(0).max(1).meta({ description: 'audit score of the delivered work, 0 (unusable) .. 1 (perfect)' }),
    errorTag: Slug.optional().meta({ description: 'the error the audit found, from the error taxonomy' }),
    workId: z.string().min(1).max(128).optional().meta({ description: 'the delivered work it scores' }),
    observedAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'when the work was audited (default: now)' }),
  }),
  responses: {
    201: {
      description: 'recorded; what each rule on the skill decided',
      schema: z.object({
        signal: Signal,
        rules: z.array(
          z.object({
            ruleId: z.string(),
            version: z.int(),
            fired: z.boolean(),
            why: z.string(),
            move: z.object({ id: z.string(), from: z.string().optional(), to: z.string() }).optional(),
            enrollment: z.object({ courseId: z.string(), variant: z.string() }).optional().meta({ description: "the rule's course the moved tasker is enrolled in" }),
          }),
        ),
      }),
    },
    200: { description: 'the same signal (a retry with the same key)' },
    404: { description: 'no such tasker' },
    422: { description: 'the Idempotency-Key was used for another signal' },
  },
} as const satisfies RouteContract;

export const listQualitySignals = {
  summary: "A tasker's quality signals, by skill and newest first, a page at a time (ops)",
  description: 'One Query of the tasker’s partition per page (never a Scan); `skill` narrows it to one skill. docs/remediation.md, "Reading the signals".',
  access: ['ops'],
  params: z.strictObject({ id: IdSchema }),
  query: z.strictObject({
    skill: Slug.optional().meta({ description: 'only this skill’s signals' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(1024).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: {
      description: 'one page; `cursor` is present when there is more',
      schema: z.object({ taskerId: z.string(), signals: z.array(Signal), cursor: z.string().optional() }),
    },
    404: { description: 'no such tasker' },
    422: { description: 'the cursor is not one of these signals' },
  },
} as const satisfies RouteContract;
