import * as z from 'zod';
import { MoveReasonSchema, TRACK_KINDS, TrackDefinitionBodySchema, TrackIdSchema, TrackNameSchema } from '@theta/assessment';
import { IdempotencyHeaders } from './placements';
import { IdSchema, type RouteContract } from './shared';

const TaskerParams = z.strictObject({ id: IdSchema });

const Actor = z.union([
  z.object({ kind: z.literal('person'), sub: z.string() }),
  z.object({ kind: z.literal('rule'), ruleId: z.string(), version: z.int() }),
]);

const Move = z.object({
  id: z.string(),
  taskerId: z.string(),
  at: z.string(),
  from: z.string().optional(),
  to: z.string(),
  reason: z.string(),
  actor: Actor,
});

export const MoveTrackBody = z.strictObject({
  track: TrackNameSchema.meta({ description: "'generalist', 'not-qualified', 'expert:<skill>' or 'remedial:<skill>' (the routing vocabulary)" }),
  reason: MoveReasonSchema.meta({ description: 'why, for the audit (1..500 characters)' }),
});

export const moveTaskerTrack = {
  summary: 'Move a tasker to another general track (ops): the track, an immutable audit row and a tasker.track_changed event',
  description:
    'Requires an Idempotency-Key: a retry with the same key returns the same move and writes nothing; the key reused for another move → 422. docs/tracks.md.',
  access: ['ops'],
  params: TaskerParams,
  headers: IdempotencyHeaders,
  body: MoveTrackBody,
  responses: {
    200: { description: 'the move (also on a retry with the same key)', schema: z.object({ move: Move }) },
    404: { description: 'no such tasker' },
    409: { description: 'the track kept changing under concurrent moves: read it again and retry' },
    422: { description: 'the Idempotency-Key was reused for another move, or the track is not defined (`unknown_track`, naming body.track; off while no track is defined)' },
  },
} as const satisfies RouteContract;

const AuditEntry = z.object({
  at: z.string(),
  kind: z.enum(['move', 'placement']),
  from: z.string().optional(),
  to: z.string(),
  reason: z.string(),
  rule: z.string().optional(),
  actor: Actor.optional(),
  assignedBy: z.string().optional(),
  placementId: z.string().optional(),
  moveId: z.string().optional(),
});

export const listTaskerAudit = {
  summary: "A tasker's track audit, newest first: ops moves and placement assignments (ops, the tasker themself)",
  access: ['ops', 'tasker'],
  ownership: { roles: ['tasker'], by: 'path-tasker' },
  params: TaskerParams,
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(1024).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: {
      description: 'one page of the audit; `cursor` is present when there is more',
      schema: z.object({ taskerId: z.string(), entries: z.array(AuditEntry), cursor: z.string().optional() }),
    },
    404: { description: 'no such tasker for this caller' },
    422: { description: 'the cursor is not one of this audit' },
  },
} as const satisfies RouteContract;

// Track definitions (docs/tracks.md, "Track definitions")
const TrackParams = z.strictObject({
  id: TrackIdSchema.meta({ description: "'generalist', 'expert:<skill>' or 'remedial:<skill>' (the colon may be sent as %3A)" }),
});

const Rule = z.object({ skill: z.string(), minTheta: z.number().optional(), maxTheta: z.number().optional() });
const TrackDefinitionView = z.object({
  id: z.string(),
  kind: z.enum(TRACK_KINDS),
  title: z.string(),
  skills: z.array(z.string()),
  entry: z.array(Rule),
  exit: z.array(Rule),
  courseId: z.string().optional(),
  version: z.int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const putTrackDefinition = {
  summary: 'Define a track, or change it: each change is a new immutable version (author)',
  description:
    'Sending the current content again writes nothing and returns the current version (200); a change creates the next version (201). ' +
    "Cross-field rules: `kind` matches the id, an expert/remedial track's `skills` include its skill, rules name the track's skills, a remedial track has an exit rule. docs/tracks.md.",
  access: ['author'],
  params: TrackParams,
  body: TrackDefinitionBodySchema,
  responses: {
    200: { description: 'unchanged: the current version already says this', schema: TrackDefinitionView },
    201: { description: 'the new version', schema: TrackDefinitionView },
    409: { description: 'the track kept changing under concurrent writes: read it again and retry' },
  },
} as const satisfies RouteContract;

export const listTrackDefinitions = {
  summary: 'Every defined track, its current version (authors, ops)',
  access: ['author', 'ops'],
  responses: { 200: { description: 'by id', schema: z.object({ tracks: z.array(TrackDefinitionView) }) } },
} as const satisfies RouteContract;

export const getTrackDefinition = {
  summary: "A track's current version, or `?version=` (authors, ops)",
  access: ['author', 'ops'],
  params: TrackParams,
  query: z.strictObject({ version: z.coerce.number().int().min(1).optional().meta({ description: 'a stored version; absent: the current one' }) }),
  responses: {
    200: { description: 'the definition', schema: TrackDefinitionView },
    404: { description: 'no such track, or no such version of it' },
  },
} as const satisfies RouteContract;
