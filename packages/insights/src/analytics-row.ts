// A response-log record as an analytics row: the columns of RESPONSE_COLUMNS (snake_case, `answered_at` in UTC with
// milliseconds) and its partition `dt`. The Firehose transform writes these as JSON for the Parquet conversion.
import type { ResponseLogLine } from '@theta/irt';

export interface AnalyticsRow {
  response_id: string | null;
  tasker_id: string;
  item_id: string;
  score: number;
  answered_at: string;
  session_id: string | null;
  context: string | null;
  answer: string | null;
  error_tag: string | null;
  elapsed_ms: number | null;
  skill: string | null;
  theta_before: number | null;
  se_before: number | null;
  course_id: string | null;
  variant: string | null;
  track: string | null;
  project_id: string | null;
  dt: string;
}

/** a log line with its extension fields (unknown to the v1 reader's types, kept by it) */
export type ResponseLogLineWithExtensions = ResponseLogLine & { track?: unknown; projectId?: unknown };

export function analyticsRow(r: ResponseLogLineWithExtensions): AnalyticsRow {
  const at = new Date(Date.parse(r.at)).toISOString();
  return {
    response_id: r.responseId ?? null,
    tasker_id: r.taskerId,
    item_id: r.itemId,
    score: r.score,
    answered_at: at,
    session_id: r.sessionId ?? null,
    context: r.context ?? null,
    answer: r.answer ?? null,
    error_tag: r.errorTag ?? null,
    elapsed_ms: r.elapsedMs === null || r.elapsedMs === undefined ? null : Math.round(r.elapsedMs),
    skill: r.skill ?? null,
    theta_before: r.thetaBefore ?? null,
    se_before: r.seBefore ?? null,
    course_id: r.courseId ?? null,
    variant: r.variant ?? null,
    track: typeof r.track === 'string' ? r.track : null,
    project_id: typeof r.projectId === 'string' ? r.projectId : null,
    dt: at.slice(0, 10),
  };
}

/** an enrolment as the analytics path carries it (theta-enrollments/v1 in camelCase; docs/insights.md) */
export interface EnrollmentRecord {
  taskerId: string;
  courseId: string;
  variant: string;
  courseVersion: number;
  enrolledAt: string;
  completedAt?: string | null;
  /** when the tasker passed the course's exit re-assessment (returned to their track) */
  exitReachedAt?: string | null;
}

export type MeasurementSource = 'placement' | 'reassessment' | 'quiz';

/** one skill's proficiency measurement (theta-measurements/v1; docs/insights.md) */
export interface MeasurementRecord {
  taskerId: string;
  skill: string;
  theta: number;
  se: number;
  at: string;
  source: MeasurementSource;
  /** the placement or quiz that measured it */
  sessionId?: string | null;
  blueprintId?: string | null;
  projectId?: string | null;
}

export interface EnrollmentRow {
  tasker_id: string;
  course_id: string;
  variant: string;
  course_version: number;
  enrolled_at: string;
  completed_at: string | null;
  exit_reached_at: string | null;
  dt: string;
}

export interface MeasurementRow {
  tasker_id: string;
  skill: string;
  theta: number;
  se: number;
  measured_at: string;
  source: MeasurementSource;
  session_id: string | null;
  blueprint_id: string | null;
  project_id: string | null;
  dt: string;
}

const utc = (iso: string) => new Date(Date.parse(iso)).toISOString();
const optionalUtc = (iso: string | null | undefined) => (iso ? utc(iso) : null);

export function enrollmentRow(e: EnrollmentRecord): EnrollmentRow {
  const at = utc(e.enrolledAt);
  return {
    tasker_id: e.taskerId,
    course_id: e.courseId,
    variant: e.variant,
    course_version: e.courseVersion,
    enrolled_at: at,
    completed_at: optionalUtc(e.completedAt),
    exit_reached_at: optionalUtc(e.exitReachedAt),
    dt: at.slice(0, 10),
  };
}

export function measurementRow(m: MeasurementRecord): MeasurementRow {
  const at = utc(m.at);
  return {
    tasker_id: m.taskerId,
    skill: m.skill,
    theta: m.theta,
    se: m.se,
    measured_at: at,
    source: m.source,
    session_id: m.sessionId ?? null,
    blueprint_id: m.blueprintId ?? null,
    project_id: m.projectId ?? null,
    dt: at.slice(0, 10),
  };
}

/** one change of a tasker's track (theta-track-changes/v1 in camelCase; docs/insights.md) */
export interface TrackChangeRecord {
  taskerId: string;
  from?: string | null;
  to: string;
  at: string;
  actor: { kind: 'person' | 'rule' | 'placement'; id: string; version?: number | null };
  reason?: string | null;
  rule?: string | null;
  placementId?: string | null;
  projectId?: string | null;
  moveId?: string | null;
}

export interface TrackChangeRow {
  tasker_id: string;
  from_track: string | null;
  to_track: string;
  changed_at: string;
  actor_kind: string;
  actor_id: string;
  rule_version: number | null;
  reason: string | null;
  rule: string | null;
  placement_id: string | null;
  project_id: string | null;
  move_id: string | null;
  dt: string;
}

export function trackChangeRow(c: TrackChangeRecord): TrackChangeRow {
  const at = utc(c.at);
  return {
    tasker_id: c.taskerId,
    from_track: c.from ?? null,
    to_track: c.to,
    changed_at: at,
    actor_kind: c.actor.kind,
    actor_id: c.actor.id,
    rule_version: c.actor.version ?? null,
    reason: c.reason ?? null,
    rule: c.rule ?? null,
    placement_id: c.placementId ?? null,
    project_id: c.projectId ?? null,
    move_id: c.moveId ?? null,
    dt: at.slice(0, 10),
  };
}
