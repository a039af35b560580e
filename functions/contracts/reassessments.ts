import * as z from 'zod';
import { MoveReasonSchema, SlugSchema } from '@theta/assessment';
import { IdSchema, type RouteContract } from './shared';

const TaskerParams = z.strictObject({ id: IdSchema });

const Scheduled = z.object({ blueprintId: z.string(), reason: z.string(), scheduledBy: z.string(), scheduledAt: z.string() });

export const scheduleReassessment = {
  summary: "Schedule a re-assessment (ops): the tasker's next placement started without a blueprint id uses this blueprint",
  description:
    'Replaces any earlier schedule (a PUT: sending it again is harmless). The placement that uses it consumes it and records who scheduled it and why. docs/tracks.md, "Scheduling a re-assessment".',
  access: ['ops'],
  params: TaskerParams,
  body: z.strictObject({
    blueprintId: SlugSchema.meta({ description: 'a published blueprint' }),
    reason: MoveReasonSchema.meta({ description: 'why, for the placement record (1..500 characters)' }),
  }),
  responses: {
    200: { description: 'the schedule', schema: z.object({ taskerId: z.string(), scheduled: Scheduled }) },
    422: { description: 'no published blueprint of that id' },
  },
} as const satisfies RouteContract;

export const cancelReassessment = {
  summary: 'Cancel a scheduled re-assessment (ops)',
  access: ['ops'],
  params: TaskerParams,
  responses: {
    204: { description: 'cancelled' },
    404: { description: 'no re-assessment was scheduled' },
  },
} as const satisfies RouteContract;
