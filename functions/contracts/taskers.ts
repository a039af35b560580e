import * as z from 'zod';
import { IdSchema, SkillResultSchema, type RouteContract } from './shared';

const Proficiency = z.object({
  skill: z.string(),
  theta: z.number(),
  se: z.number(),
  measuredAt: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }).loose(),
});

const Track = z.object({ track: z.string(), reason: z.string(), rule: z.string(), assignedAt: z.string(), assignedBy: z.string() }).loose();

/** A project blueprint's result: kept apart from the general track, one per project (the latest). */
const ProjectQualification = z.object({
  projectId: z.string(),
  blueprint: z.object({ id: z.string(), version: z.int() }),
  track: Track,
  skills: z.record(z.string(), SkillResultSchema),
});

export const getTasker = {
  summary: 'A tasker’s proficiency per skill, history, track and project qualifications (the tasker themselves, ops, onboarding)',
  access: ['tasker', 'ops', 'onboarding'],
  params: z.strictObject({ id: IdSchema }),
  responses: {
    200: {
      description: 'the tasker',
      schema: z.object({
        taskerId: z.string(),
        /** the general-placement track; a project blueprint never replaces it */
        track: Track.optional(),
        projects: z.array(ProjectQualification),
        proficiency: z.array(Proficiency),
        history: z.array(Proficiency),
      }),
    },
    404: { description: 'no such tasker for this caller' },
  },
} as const satisfies RouteContract;
