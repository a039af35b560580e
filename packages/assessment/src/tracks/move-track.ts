// An ops (or rule) move of a tasker's general track: PROFILE.track, an immutable TRACK#<time>#<id> audit row and a
// `tasker.track_changed` outbox event, written in one transaction conditional on the track that was read. docs/tracks.md.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import type { TrackAssignment } from '../placement/types';
import { requireDefinedTrack } from './track-definition-check';
import type { TrackDefinitionStore } from './track-definition-put';

/** The routing vocabulary (decide-track.ts): generalist, expert:<skill>, remedial:<skill>, not-qualified. */
export const TrackNameSchema = z
  .string()
  .regex(
    /^(generalist|not-qualified|(expert|remedial):[a-z0-9][a-z0-9-]{0,63})$/,
    "must be 'generalist', 'not-qualified', 'expert:<skill>' or 'remedial:<skill>' (skill: lowercase letters, digits, hyphens)",
  );

export const MoveReasonSchema = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');

export type MoveActor = { kind: 'person'; sub: string } | { kind: 'rule'; ruleId: string; version: number };

export interface MoveTrackInput {
  taskerId: string;
  to: string;
  reason: string;
  actor: MoveActor;
  /** the caller's Idempotency-Key: a retry with the same key returns the same move and writes nothing */
  requestKey: string;
  /** move only a tasker still on this track (a bulk reroute's from-track): otherwise ConflictError TRACK_NOT_EXPECTED */
  onlyFrom?: string;
}

/** One move, as the audit row keeps it (immutable). */
export interface TrackMove {
  id: string;
  taskerId: string;
  at: string;
  /** the general track before the move (absent: the tasker had none) */
  from?: string;
  to: string;
  reason: string;
  actor: MoveActor;
  requestKey: string;
}

/** An audit entry: a move, or a placement's TRACK row (its TrackAssignment). */
export interface TrackAuditEntry {
  at: string;
  kind: 'move' | 'placement';
  from?: string;
  to: string;
  reason: string;
  rule?: string;
  actor?: MoveActor;
  assignedBy?: string;
  placementId?: string;
  moveId?: string;
}

export interface TrackProfile {
  track?: TrackAssignment;
  /** bumped by every move; absent = 0 (placement never bumps it, its track.assignedAt changes instead) */
  trackVersion: number;
}

export interface TrackMoveWrite {
  move: TrackMove;
  track: TrackAssignment;
  /** the state read: the write is conditional on both */
  expected: { trackVersion: number; assignedAt?: string };
  event: { id: string; type: 'tasker.track_changed'; taskerId: string; at: string; detail: Record<string, unknown> };
}

export interface TrackStore {
  /** undefined: no PROFILE (no such tasker, or one never placed) */
  getTrackProfile(taskerId: string): Promise<TrackProfile | undefined>;
  getMoveByRequestKey(taskerId: string, requestKey: string): Promise<TrackMove | undefined>;
  /** PROFILE.track, the audit row, the request-key row and the outbox event, or nothing (ConflictError TRACK_CHANGED) */
  moveTrack(write: TrackMoveWrite): Promise<void>;
  /** audit entries newest first, `limit` at a time; `cursor` is opaque (the previous page's) */
  listTrackAudit(taskerId: string, limit: number, cursor?: string): Promise<{ entries: TrackAuditEntry[]; cursor?: string }>;
}

export interface MoveTrackDeps {
  tracks: TrackStore;
  /** the track definitions: given, a move to an undefined track is 422 `unknown_track` (while none is defined, no check) */
  definitions?: Pick<TrackDefinitionStore, 'getTrackDefinition' | 'listTrackDefinitions'>;
  now?: () => Date;
  newId?: () => string;
}

export const TRACK_CHANGED = 'track_changed';
export const TRACK_NOT_EXPECTED = 'track_not_expected';
const ATTEMPTS = 3;

const sameActor = (a: MoveActor, b: MoveActor): boolean =>
  a.kind === 'person' ? b.kind === 'person' && a.sub === b.sub : b.kind === 'rule' && a.ruleId === b.ruleId && a.version === b.version;

function replay(existing: TrackMove, input: MoveTrackInput): TrackMove {
  if (existing.to !== input.to || existing.reason !== input.reason || !sameActor(existing.actor, input.actor)) {
    throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was used for another move of this tasker');
  }
  return existing;
}

function checked(field: string, schema: z.ZodString, value: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UnprocessableError('invalid_move', `${field}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, { field });
  return parsed.data;
}

const assignedBy = (actor: MoveActor): string => (actor.kind === 'person' ? `person:${actor.sub}` : `rule:${actor.ruleId}@${actor.version}`);

/**
 * Moves the tasker's general track. A lost race (another move or a placement completed since the read) is retried
 * on the fresh state; after ATTEMPTS lost races, ConflictError (409). Returns the move and whether it was written now.
 */
export async function moveTaskerTrack(input: MoveTrackInput, deps: MoveTrackDeps): Promise<{ move: TrackMove; recorded: boolean }> {
  const to = checked('to', TrackNameSchema, input.to);
  const reason = checked('reason', MoveReasonSchema, input.reason);
  if (deps.definitions) await requireDefinedTrack(deps.definitions, to);
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  for (let attempt = 1; ; attempt++) {
    const existing = await deps.tracks.getMoveByRequestKey(input.taskerId, input.requestKey);
    if (existing) return { move: replay(existing, { ...input, to, reason }), recorded: false };
    const profile = await deps.tracks.getTrackProfile(input.taskerId);
    if (!profile) throw new NotFoundError('tasker_not_found', `no tasker '${input.taskerId}' for this caller`);
    if (input.onlyFrom !== undefined && profile.track?.track !== input.onlyFrom)
      throw new ConflictError(TRACK_NOT_EXPECTED, `now on ${profile.track?.track ?? 'no track'}, not ${input.onlyFrom}`);
    const at = now().toISOString();
    const move: TrackMove = {
      id: newId(),
      taskerId: input.taskerId,
      at,
      ...(profile.track ? { from: profile.track.track } : {}),
      to,
      reason,
      actor: input.actor,
      requestKey: input.requestKey,
    };
    const rule = input.actor.kind === 'person' ? 'manual' : `rule:${input.actor.ruleId}`;
    const track: TrackAssignment = { track: to, reason, rule, assignedAt: at, assignedBy: assignedBy(input.actor) };
    try {
      await deps.tracks.moveTrack({
        move,
        track,
        expected: { trackVersion: profile.trackVersion, ...(profile.track ? { assignedAt: profile.track.assignedAt } : {}) },
        event: { id: newId(), type: 'tasker.track_changed', taskerId: input.taskerId, at, detail: { moveId: move.id, from: move.from ?? null, to, reason, actor: input.actor } },
      });
      return { move, recorded: true };
    } catch (error) {
      if (!(error instanceof ConflictError) || error.code !== TRACK_CHANGED) throw error;
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}

export interface AuditViewer {
  sub: string;
  /** ops see every tasker's audit; a tasker only their own */
  staff: boolean;
}

export async function listTrackAudit(
  tracks: TrackStore,
  taskerId: string,
  viewer: AuditViewer,
  page: { limit: number; cursor?: string },
): Promise<{ entries: TrackAuditEntry[]; cursor?: string }> {
  const notFound = () => new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  if (!viewer.staff && viewer.sub !== taskerId) throw notFound();
  if (!(await tracks.getTrackProfile(taskerId))) throw notFound();
  return tracks.listTrackAudit(taskerId, page.limit, page.cursor);
}
