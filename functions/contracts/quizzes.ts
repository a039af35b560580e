import * as z from 'zod';
import { CourseIdSchema, SlugSchema } from '@theta/assessment';
import { IdempotencyHeaders, SubmitResponseBody } from './placements';
import { IdSchema, ItemViewSchema, type RouteContract } from './shared';
import { RATE_LIMITS } from './rate-limits';

const QuizParams = z.strictObject({ id: IdSchema });

export const StartQuizBody = z.strictObject({
  skill: SlugSchema,
  length: z.int().min(1).max(30).optional().meta({ description: 'items in the quiz (default 10)' }),
  courseId: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'must be 1..64 lowercase letters, digits or hyphens')
    .optional()
    .meta({ description: "a course the tasker is enrolled in (else 422 `not_enrolled`): the quiz's responses carry it and the enrollment's variant" }),
  moduleId: CourseIdSchema.optional().meta({
    description: "a module of the tasker's variant of courseId (else 422 `unknown_module`): the quiz is an attempt at it, judged by the module's pass rule when it finishes; its length and tags are the module's unless given",
  }),
  tags: z.array(SlugSchema).min(1).max(10).optional().meta({ description: 'only items carrying one of these tags' }),
}).superRefine((body, ctx) => {
  if (body.moduleId !== undefined && body.courseId === undefined) ctx.addIssue({ code: 'custom', path: ['moduleId'], message: 'needs the courseId it belongs to' });
});

const Progress = z.object({ answered: z.int(), length: z.int() });

const Feedback = z.object({
  itemId: z.string(),
  answer: z.string(),
  correct: z.boolean(),
  score: z.int(),
  maxScore: z.int(),
  correctOptions: z.array(z.string()),
  explanation: z.string(),
  error: z.object({ tag: z.string(), description: z.string(), study: z.string(), courseId: z.string().optional() }).optional(),
});

const Summary = z.object({
  skill: z.string(),
  items: z.int(),
  correct: z.int(),
  thetaBefore: z.number(),
  seBefore: z.number(),
  thetaAfter: z.number(),
  seAfter: z.number(),
  summary: z.string().meta({ description: 'plain words: how it went and where the estimate moved' }),
});

export const startQuiz = {
  summary: 'Start an adaptive practice quiz on a skill (tasker)',
  rateLimits: RATE_LIMITS.quizStarts,
  description: 'Items aim at a 70% chance of success at the stored proficiency, rotate over the skill’s tags, and skip items seen in the last 14 days. docs/quizzes.md.',
  access: ['tasker'],
  ownership: { roles: ['tasker'], by: 'token-subject' },
  body: StartQuizBody,
  responses: {
    201: {
      description: 'the quiz and its first item (content only)',
      schema: z.object({ quizId: z.string(), status: z.literal('in-progress'), skill: z.string(), item: ItemViewSchema, progress: Progress }),
    },
    404: { description: 'no practice items for this skill (and tags)' },
    422: {
      description:
        'the tasker is not enrolled in body.courseId (`not_enrolled`, details.field `body.courseId`); body.moduleId is not a module of their variant (`unknown_module`, `body.moduleId`) or practises another skill (`module_skill_mismatch`, `body.skill`)',
    },
  },
} as const satisfies RouteContract;

export const submitQuizResponse = {
  summary: 'Answer the current quiz item: feedback, then the next item or the summary',
  rateLimits: RATE_LIMITS.quizAnswers,
  description: 'Requires an Idempotency-Key: a retry with the same key returns the same reply and writes nothing twice; the key reused for another answer → 422.',
  access: ['tasker'],
  ownership: { roles: ['tasker'], by: 'session-owner' },
  params: QuizParams,
  headers: IdempotencyHeaders,
  body: SubmitResponseBody,
  responses: {
    200: {
      description: 'feedback on the answer and the next item, or the summary when the quiz is over',
      schema: z.union([
        z.object({ quizId: z.string(), status: z.literal('in-progress'), feedback: Feedback, item: ItemViewSchema, progress: Progress }),
        z.object({ quizId: z.string(), status: z.literal('completed'), feedback: Feedback, progress: Progress, summary: Summary }),
      ]),
    },
    404: { description: 'no such quiz for this tasker' },
    409: { description: 'not the current item, the quiz changed, or it is complete' },
    422: { description: 'the answer is not an option of the item, or the Idempotency-Key was reused with another body' },
  },
} as const satisfies RouteContract;

export const getQuiz = {
  summary: 'A quiz: progress, the item on screen (its owner), the summary when complete',
  access: ['tasker', 'ops'],
  ownership: { roles: ['tasker'], by: 'session-owner' },
  params: QuizParams,
  responses: {
    200: {
      description: 'the quiz',
      schema: z.object({
        quizId: z.string(),
        taskerId: z.string(),
        skill: z.string(),
        status: z.enum(['in-progress', 'completed']),
        courseId: z.string().optional(),
        variant: z.string().optional().meta({ description: "the course variant of the tasker's enrollment (with courseId)" }),
        moduleId: z.string().optional().meta({ description: 'the course module the quiz is an attempt at' }),
        tags: z.array(z.string()).optional(),
        progress: Progress,
        correct: z.int(),
        createdAt: z.string(),
        item: ItemViewSchema.optional(),
        summary: Summary.optional(),
      }),
    },
    404: { description: 'no such quiz for this caller' },
  },
} as const satisfies RouteContract;
