// The analytics records of a tasker's partition (docs/insights.md): their enrolments (ENROLL# rows), proficiency
// measurements (HISTORY# rows, one record per measured skill) and track changes (TRACK# rows), read by Query of the
// tasker's partition, never by Scan. The same row → record functions decode the rows as they stream to Firehose.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys';
import { queryAll } from '../query-all';

/** theta-enrollments/v1 (one line per enrolment) */
export interface AnalyticsEnrollment {
  taskerId: string;
  courseId: string;
  variant: string;
  courseVersion: number;
  enrolledAt: string;
  completedAt: string | null;
  exitReachedAt: string | null;
}

/** theta-measurements/v1 (one line per measured skill) */
export interface AnalyticsMeasurement {
  taskerId: string;
  skill: string;
  theta: number;
  se: number;
  at: string;
  source: 'placement' | 'reassessment' | 'quiz';
  sessionId: string | null;
  blueprintId: string | null;
  projectId: string | null;
}

/** theta-track-changes/v1 (one line per TRACK# row of the tasker's partition: the track audit) */
export interface AnalyticsTrackChange {
  taskerId: string;
  /** the general track before; null when the row does not record it (placements) or there was none */
  from: string | null;
  to: string;
  at: string;
  actor: { kind: 'person' | 'rule' | 'placement'; id: string; version: number | null };
  reason: string | null;
  /** the placement's routing rule */
  rule: string | null;
  placementId: string | null;
  /** a project blueprint's qualification (not a change of the general track) */
  projectId: string | null;
  moveId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * An ENROLL# row as a record; undefined when it is not one. Completion and the exit are read when the row carries
 * them: `completedAt` (every module passed), and the exit reached when the course's exit re-assessment was decided
 * `passed` (`exit.decidedAt`; docs/courses.md).
 */
export function enrollmentRowToRecord(row: Record<string, unknown>): AnalyticsEnrollment | undefined {
  if (row.entity !== 'enrollment' && !(typeof row.sk === 'string' && row.sk.startsWith('ENROLL#'))) return undefined;
  const taskerId = str(row.taskerId);
  const courseId = str(row.courseId);
  const variant = str(row.variant);
  const enrolledAt = str(row.enrolledAt);
  const courseVersion = num(row.courseVersion);
  if (!taskerId || !courseId || !variant || !enrolledAt || courseVersion === null) return undefined;
  const exit = (typeof row.exit === 'object' && row.exit !== null ? row.exit : {}) as Record<string, unknown>;
  const exitReachedAt = exit.outcome === 'passed' ? str(exit.decidedAt) : null;
  return { taskerId, courseId, variant, courseVersion, enrolledAt, completedAt: str(row.completedAt), exitReachedAt };
}

/**
 * A HISTORY# row as one record per skill it measured. A placement is a `reassessment` when it is in `reassessments`
 * (the ids of placements started from a scheduled re-assessment); the row itself does not record it.
 */
export function historyRowToMeasurements(row: Record<string, unknown>, reassessments: ReadonlySet<string> = new Set()): AnalyticsMeasurement[] {
  if (row.entity !== 'history' || !Array.isArray(row.records)) return [];
  const taskerId = str(row.taskerId) ?? (typeof row.pk === 'string' && row.pk.startsWith('TASKER#') ? row.pk.slice('TASKER#'.length) : null);
  if (!taskerId) return [];
  return (row.records as Record<string, unknown>[]).flatMap((r) => {
    const skill = str(r.skill);
    const theta = num(r.theta);
    const se = num(r.se);
    const at = str(r.measuredAt);
    const source = (r.source ?? {}) as Record<string, unknown>;
    if (!skill || theta === null || se === null || !(se > 0) || !at) return [];
    const id = str(source.id);
    const kind = source.kind === 'quiz' ? 'quiz' : id && reassessments.has(id) ? 'reassessment' : 'placement';
    return [{ taskerId, skill, theta, se, at, source: kind, sessionId: id, blueprintId: str(source.blueprintId), projectId: str(source.projectId) }];
  });
}

const taskerOf = (row: Record<string, unknown>): string | null => str(row.taskerId) ?? (typeof row.pk === 'string' && row.pk.startsWith('TASKER#') ? row.pk.slice('TASKER#'.length) : null);

/**
 * A TRACK# row as a track change; undefined when it is not one. Two writers: an ops move or a bulk rule
 * (`entity: 'track-move'`, docs/tracks.md) and a placement (`entity: 'track'`, its TrackAssignment).
 */
export function trackRowToChange(row: Record<string, unknown>): AnalyticsTrackChange | undefined {
  if (typeof row.sk !== 'string' || !row.sk.startsWith('TRACK#')) return undefined;
  const taskerId = taskerOf(row);
  if (!taskerId) return undefined;
  if (row.entity === 'track-move') {
    const to = str(row.to);
    const at = str(row.at);
    const actor = (typeof row.actor === 'object' && row.actor !== null ? row.actor : {}) as Record<string, unknown>;
    const byRule = actor.kind === 'rule';
    const actorId = str(byRule ? actor.ruleId : actor.sub);
    if (!to || !at || !actorId || (actor.kind !== 'person' && !byRule)) return undefined;
    return {
      taskerId,
      from: str(row.from),
      to,
      at,
      actor: { kind: byRule ? 'rule' : 'person', id: actorId, version: byRule ? num(actor.version) : null },
      reason: str(row.reason),
      rule: null,
      placementId: null,
      projectId: null,
      moveId: str(row.id),
    };
  }
  if (row.entity !== 'track') return undefined;
  const to = str(row.track);
  const at = str(row.assignedAt);
  if (!to || !at) return undefined;
  return {
    taskerId,
    from: str(row.from),
    to,
    at,
    actor: { kind: 'placement', id: str(row.assignedBy) ?? 'placement', version: null },
    reason: str(row.reason),
    rule: str(row.rule),
    placementId: str(row.placementId),
    projectId: str(row.projectId),
    moveId: null,
  };
}

/** BatchGetItem's limit per request */
const BATCH_KEYS = 100;

export class DynamoAnalyticsExportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    /** with `sessions`, a placement's `reassessment` marker (its STATE row) decides reassessment vs placement */
    private readonly tables: { taskers: string; sessions?: string },
  ) {}

  /** the ids among these placements that were scheduled re-assessments: their STATE rows by key, 100 at a time */
  private async reassessmentsAmong(placementIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const sessions = this.tables.sessions;
    if (!sessions) return found;
    for (let i = 0; i < placementIds.length; i += BATCH_KEYS) {
      let pending: Record<string, unknown>[] | undefined = placementIds.slice(i, i + BATCH_KEYS).map((id) => keys.placement(id));
      while (pending && pending.length > 0) {
        const out = await this.db.send(
          new BatchGetCommand({ RequestItems: { [sessions]: { Keys: pending, ProjectionExpression: '#pk, #r', ExpressionAttributeNames: { '#pk': 'pk', '#r': 'reassessment' } } } }),
        );
        for (const row of out.Responses?.[sessions] ?? []) if (row.reassessment && typeof row.pk === 'string') found.add(row.pk.slice('PLACEMENT#'.length));
        pending = out.UnprocessedKeys?.[sessions]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  private prefix(taskerId: string, prefix: string) {
    return queryAll(this.db, {
      TableName: this.tables.taskers,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':prefix': prefix },
    });
  }

  /**
   * One tasker's enrolments and measurements: two Queries of their partition, then (with the sessions table) their
   * placements' STATE rows by key; `reassessments` adds placements known otherwise (a log's `context`).
   */
  async readTasker(taskerId: string, reassessments: ReadonlySet<string> = new Set()): Promise<{ enrollments: AnalyticsEnrollment[]; measurements: AnalyticsMeasurement[] }> {
    const [enrolled, history] = await Promise.all([this.prefix(taskerId, 'ENROLL#'), this.prefix(taskerId, 'HISTORY#')]);
    const placements = [...new Set(history.flatMap((r) => historyRowToMeasurements(r)).flatMap((m) => (m.source === 'placement' && m.sessionId ? [m.sessionId] : [])))];
    const scheduled = await this.reassessmentsAmong(placements);
    for (const id of reassessments) scheduled.add(id);
    return {
      enrollments: enrolled.flatMap((r) => enrollmentRowToRecord(r) ?? []),
      measurements: history.flatMap((r) => historyRowToMeasurements(r, scheduled)),
    };
  }

  /** One tasker's track changes: one Query of `begins_with(sk, 'TRACK#')`, the rows of their track audit. */
  async readTrackChanges(taskerId: string): Promise<AnalyticsTrackChange[]> {
    return (await this.prefix(taskerId, 'TRACK#')).flatMap((r) => trackRowToChange(r) ?? []);
  }
}
