// What `npm run insights -- course ID` assumes when not told (local DuckDB only; the route knows the course): the
// skill most often re-assessed after enrolment, and a window covering every enrolment and measurement of the course.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../engines/duckdb-engine';
import { duckDbDialect, stringLiteral, type DuckDbSource } from '../sql/dialect';

export interface CourseDefaults {
  skill: string | null;
  /** first enrolment, and 1 ms after the last enrolment or measurement of an enrolled tasker (null: nobody enrolled) */
  from: string | null;
  to: string | null;
}

export async function courseDefaults(connection: DuckDBConnection, source: DuckDbSource, courseId: string): Promise<CourseDefaults> {
  const d = duckDbDialect(source);
  const id = stringLiteral(courseId);
  const [range] = await queryRows(
    connection,
    `WITH e AS (SELECT tasker_id, enrolled_at FROM ${d.table('enrollments')} WHERE course_id = ${id})
     SELECT epoch_ms(min(e.enrolled_at)) AS first_ms,
            greatest(epoch_ms(max(e.enrolled_at)), coalesce((SELECT epoch_ms(max(m.measured_at)) FROM ${d.table('measurements')} m WHERE m.tasker_id IN (SELECT tasker_id FROM e)), 0)) AS last_ms
     FROM e`,
  );
  const [top] = await queryRows(
    connection,
    `SELECT m.skill AS skill, count(*) AS n FROM ${d.table('measurements')} m
     JOIN ${d.table('enrollments')} e ON e.tasker_id = m.tasker_id AND e.course_id = ${id} AND m.measured_at > e.enrolled_at
     WHERE m.source IN ('placement', 'reassessment') GROUP BY m.skill ORDER BY n DESC, skill LIMIT 1`,
  );
  const first = range?.first_ms;
  const last = range?.last_ms;
  return {
    skill: top ? String(top.skill) : null,
    from: typeof first === 'number' ? new Date(first).toISOString() : null,
    to: typeof last === 'number' ? new Date(last + 1).toISOString() : null,
  };
}
