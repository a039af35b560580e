import * as z from 'zod';
import { IdSchema, type RouteContract } from './shared';

const Proficiency = z.object({
  skill: z.string(),
  theta: z.number(),
  se: z.number(),
  measuredAt: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }).loose(),
});

export const getTasker = {
  summary: 'A tasker’s proficiency per skill, history and track (the tasker themselves, ops, onboarding)',
  access: ['tasker', 'ops', 'onboarding'],
  params: z.strictObject({ id: IdSchema }),
  responses: {
    200: {
      description: 'the tasker',
      schema: z.object({
        taskerId: z.string(),
        track: z.object({ track: z.string(), reason: z.string(), rule: z.string(), assignedAt: z.string(), assignedBy: z.string() }).loose().optional(),
        proficiency: z.array(Proficiency),
        history: z.array(Proficiency),
      }),
    },
    404: { description: 'no such tasker for this caller' },
  },
} as const satisfies RouteContract;
