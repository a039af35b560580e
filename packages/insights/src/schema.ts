// The analytics records: one column list per kind, for the Glue tables (infra), the local DuckDB tables and Parquet
// files, and the Firehose transform. Responses are theta-response-log/v1 (FORMATS.md §1) in snake_case, `at` as the
// UTC timestamp `answered_at` (AT is a DuckDB keyword); every kind is partitioned by `dt` (the UTC date of its time
// column). No imports: infra reads it at synth.

/** column, DuckDB type, Glue (Hive) type: infra's Glue table is built from this list too */
export const RESPONSE_COLUMNS = [
  ['response_id', 'VARCHAR', 'string'],
  ['tasker_id', 'VARCHAR', 'string'],
  ['item_id', 'VARCHAR', 'string'],
  ['score', 'INTEGER', 'int'],
  ['answered_at', 'TIMESTAMP', 'timestamp'],
  ['session_id', 'VARCHAR', 'string'],
  ['context', 'VARCHAR', 'string'],
  ['answer', 'VARCHAR', 'string'],
  ['error_tag', 'VARCHAR', 'string'],
  ['elapsed_ms', 'BIGINT', 'bigint'],
  ['skill', 'VARCHAR', 'string'],
  ['theta_before', 'DOUBLE', 'double'],
  ['se_before', 'DOUBLE', 'double'],
  ['course_id', 'VARCHAR', 'string'],
  ['variant', 'VARCHAR', 'string'],
  ['track', 'VARCHAR', 'string'],
  // extension field of the log: the project of a project blueprint's placement (null for general placements, quizzes)
  ['project_id', 'VARCHAR', 'string'],
] as const;

/** a tasker's enrolment in a course (the ENROLL# row), partitioned by the date of enrolled_at */
export const ENROLLMENT_COLUMNS = [
  ['tasker_id', 'VARCHAR', 'string'],
  ['course_id', 'VARCHAR', 'string'],
  ['variant', 'VARCHAR', 'string'],
  ['course_version', 'INTEGER', 'int'],
  ['enrolled_at', 'TIMESTAMP', 'timestamp'],
  ['completed_at', 'TIMESTAMP', 'timestamp'],
  ['exit_reached_at', 'TIMESTAMP', 'timestamp'],
] as const;

/** one proficiency measurement of one skill (a record of a HISTORY# row), partitioned by the date of measured_at */
export const MEASUREMENT_COLUMNS = [
  ['tasker_id', 'VARCHAR', 'string'],
  ['skill', 'VARCHAR', 'string'],
  ['theta', 'DOUBLE', 'double'],
  ['se', 'DOUBLE', 'double'],
  ['measured_at', 'TIMESTAMP', 'timestamp'],
  ['source', 'VARCHAR', 'string'],
  ['session_id', 'VARCHAR', 'string'],
  ['blueprint_id', 'VARCHAR', 'string'],
  ['project_id', 'VARCHAR', 'string'],
] as const;

/**
 * one change of a tasker's track (a TRACK# row of the taskers table: the track audit), partitioned by the date of
 * changed_at. actor_kind: `person` (an ops move; actor_id the token's sub), `rule` (a bulk reroute; actor_id the rule
 * id, rule_version its version) or `placement` (actor_id the row's assignedBy, rule the routing rule, placement_id).
 * project_id set: a project blueprint's qualification, not a change of the general track.
 */
export const TRACK_CHANGE_COLUMNS = [
  ['tasker_id', 'VARCHAR', 'string'],
  ['from_track', 'VARCHAR', 'string'],
  ['to_track', 'VARCHAR', 'string'],
  ['changed_at', 'TIMESTAMP', 'timestamp'],
  ['actor_kind', 'VARCHAR', 'string'],
  ['actor_id', 'VARCHAR', 'string'],
  ['rule_version', 'INTEGER', 'int'],
  ['reason', 'VARCHAR', 'string'],
  ['rule', 'VARCHAR', 'string'],
  ['placement_id', 'VARCHAR', 'string'],
  ['project_id', 'VARCHAR', 'string'],
  ['move_id', 'VARCHAR', 'string'],
] as const;

export const PARTITION_COLUMN = 'dt';

export type AnalyticsKind = 'responses' | 'enrollments' | 'measurements' | 'track_changes';
export const ANALYTICS_KINDS = ['responses', 'enrollments', 'measurements', 'track_changes'] as const satisfies readonly AnalyticsKind[];

/** every kind's columns; the Glue table, the S3 prefix (`<kind>/`) and the local directory are named by the kind */
export const ANALYTICS_COLUMNS: Record<AnalyticsKind, readonly (readonly [string, string, string])[]> = {
  responses: RESPONSE_COLUMNS,
  enrollments: ENROLLMENT_COLUMNS,
  measurements: MEASUREMENT_COLUMNS,
  track_changes: TRACK_CHANGE_COLUMNS,
};
