// The rows of sql/course-outcomes.sql as the per-tasker records courseEffect takes. A tasker with no measurement of
// the skill before enrolment has no pre-test: counted, not compared (there is nothing to measure a gain from).
import type { SqlRow } from '../engines/engine';
import type { CourseRecord } from './course-stats';

export interface CourseOutcomes {
  records: CourseRecord[];
  /** per compared tasker: enrolment and post-test times (epoch ms), to rebuild earlier looks */
  times: Map<string, { enrolledMs: number; postMs: number | null }>;
  enrolled: number;
  /** enrolled, but never measured in the skill at or before enrolment */
  withoutPre: { taskerId: string; variant: string }[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `fromMs`: the query's `from` (the SQL gives times as milliseconds after it) */
export function outcomesFromRows(rows: readonly SqlRow[], fromMs = 0): CourseOutcomes {
  const records: CourseRecord[] = [];
  const times: CourseOutcomes['times'] = new Map();
  const withoutPre: CourseOutcomes['withoutPre'] = [];
  for (const row of rows) {
    const taskerId = String(row.tasker_id);
    const variant = String(row.variant);
    const preTheta = num(row.pre_theta);
    const preSe = num(row.pre_se);
    if (preTheta === null || preSe === null || !(preSe > 0)) {
      withoutPre.push({ taskerId, variant });
      continue;
    }
    const postTheta = num(row.post_theta);
    const postSe = num(row.post_se);
    const days = num(row.days_to_proficiency);
    const enrolledMs = num(row.enrolled_ms);
    const postMs = num(row.post_ms);
    times.set(taskerId, { enrolledMs: fromMs + (enrolledMs ?? 0), postMs: postMs === null ? null : fromMs + postMs });
    records.push({
      taskerId,
      variant,
      pre: { theta: preTheta, se: preSe },
      ...(postTheta !== null && postSe !== null && postSe > 0 ? { post: { theta: postTheta, se: postSe } } : {}),
      reachedExit: Number(row.reached_exit) === 1,
      ...(days !== null ? { daysToProficiency: Math.max(0, days) } : {}),
    });
  }
  return { records, times, enrolled: rows.length, withoutPre };
}
