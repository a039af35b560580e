import * as z from 'zod';
import { SlugSchema as SkillNameSchema, TrackNameSchema } from '@theta/assessment';
import { OptionalIdempotencyHeaders } from './placements';
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

const ErasureCounts = z.object({
  sessions: z.int().meta({ description: 'placement and quiz sessions deleted' }),
  sessionRecords: z.int().meta({ description: 'their answers (RESP# rows) deleted' }),
  taskerRecords: z.int().meta({ description: "rows of the tasker's partitions deleted: proficiency, history, track, enrolments, quality signals, seen items, events, placement slot and ledgers" }),
  otherRecords: z.int().meta({ description: 'keys elsewhere that can name the tasker (bulk-reroute candidates, live rate counters), deleted by key, found or not' }),
  auditEntriesKept: z.int().meta({ description: 'track-audit entries kept, anonymised, under the pseudonym' }),
});

const ErasureReply = z.object({
  taskerId: z.string(),
  erasure: z.object({
    pseudonym: z.string(),
    round: z.int().meta({ description: '> 1: records written after an earlier erasure completed were erased again' }),
    status: z.enum(['in-progress', 'completed']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().optional(),
    counts: ErasureCounts,
  }),
});

export const eraseTasker = {
  summary: "Erase a tasker's records (ops): sessions, answers, proficiency, track, enrolments, signals, events; the track audit is kept under a pseudonym",
  description:
    'Every record is found by key or index Query and deleted in batches; the track audit is kept under `erased-<hmac>` with the id redacted, ' +
    'plus one entry recording the erasure. A call does at most a bounded number of writes: 202 `in-progress` means call again (the same ' +
    'request) to continue; 200 `completed` when nothing is left. A retry of a completed erasure returns it and writes nothing. ' +
    'docs/security.md, "Privacy".',
  access: ['ops'],
  params: z.strictObject({ id: IdSchema }),
  // optional: the erasure is idempotent by itself (its marker), a key changes nothing
  headers: OptionalIdempotencyHeaders,
  responses: {
    200: { description: 'erased: nothing of the tasker is left but the pseudonymised audit', schema: ErasureReply },
    202: { description: 'in progress (the write budget of one call ran out): call again to continue', schema: ErasureReply },
    404: { description: 'no such tasker (never seen, never erased)' },
    422: { description: 'the id is an erased tasker’s pseudonym (its partition is the kept audit)' },
    503: {
      description:
        '`pseudonym_key_unavailable`: the pseudonym key (a Secrets Manager secret in AWS) cannot be read, nothing was erased; ' +
        '`erasure_not_announced`: the records are erased but the `tasker.erased` event was not published, the erasure stays in progress. Call again',
    },
  },
} as const satisfies RouteContract;
