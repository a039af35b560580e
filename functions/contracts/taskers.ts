import * as z from 'zod';
import { SlugSchema as SkillNameSchema, TrackNameSchema } from '@theta/assessment';
import { IdSchema, SkillResultSchema, type RouteContract } from './shared';

const Iso = z.iso.datetime({ offset: true });

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
  ownership: { roles: ['tasker'], by: 'path-tasker' },
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

const ListedTasker = z.object({
  taskerId: z.string(),
  track: Track,
  lastAssessedAt: z.string().optional().meta({ description: 'the last completed placement or re-assessment' }),
  skills: z.array(z.object({ skill: z.string(), theta: z.number(), se: z.number(), measuredAt: z.string() })),
});

export const listTaskers = {
  summary: 'List taskers on a track, newest assignment first, by skill band and last assessment, paginated (ops)',
  description:
    'One Query of the track index per page (never a Scan). Filters are applied while reading, with at most ' +
    '1000 profiles read per request: a page may hold fewer than `limit` taskers (even none) and still carry a `cursor`; ' +
    'follow the cursor, with the same filter, until it is absent. docs/tracks.md, "Listing taskers".',
  access: ['ops'],
  query: z
    .strictObject({
      track: TrackNameSchema.meta({ description: "'generalist', 'not-qualified', 'expert:<skill>' or 'remedial:<skill>'" }),
      skill: SkillNameSchema.optional().meta({ description: 'alone: taskers measured on this skill; with minTheta/maxTheta: the band on its current θ' }),
      minTheta: z.coerce.number().min(-10).max(10).optional().meta({ description: 'inclusive lower bound of the skill’s θ (needs skill)' }),
      maxTheta: z.coerce.number().min(-10).max(10).optional().meta({ description: 'inclusive upper bound of the skill’s θ (needs skill)' }),
      assessedAfter: Iso.optional().meta({ description: 'last assessment at or after this instant' }),
      assessedBefore: Iso.optional().meta({ description: 'last assessment before this instant' }),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      cursor: z.string().min(1).max(1024).optional().meta({ description: 'the previous page’s cursor (same filter)' }),
    })
    .superRefine((q, ctx) => {
      for (const bound of ['minTheta', 'maxTheta'] as const)
        if (q[bound] !== undefined && q.skill === undefined) ctx.addIssue({ code: 'custom', path: [bound], message: 'needs skill: a θ band is on one skill' });
      if (q.minTheta !== undefined && q.maxTheta !== undefined && q.minTheta > q.maxTheta) ctx.addIssue({ code: 'custom', path: ['minTheta'], message: 'must not exceed maxTheta' });
      if (q.assessedAfter && q.assessedBefore && Date.parse(q.assessedAfter) >= Date.parse(q.assessedBefore))
        ctx.addIssue({ code: 'custom', path: ['assessedAfter'], message: 'must be before assessedBefore' });
    }),
  responses: {
    200: {
      description: 'one page; `cursor` is present while there is more to read',
      schema: z.object({ track: z.string(), taskers: z.array(ListedTasker), cursor: z.string().optional(), examined: z.int().meta({ description: 'profiles read for this page' }) }),
    },
    422: { description: 'the cursor is not one of this track’s list' },
  },
} as const satisfies RouteContract;
