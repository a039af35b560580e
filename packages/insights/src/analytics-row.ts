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
  dt: string;
}

export function analyticsRow(r: ResponseLogLine & { track?: unknown }): AnalyticsRow {
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
    dt: at.slice(0, 10),
  };
}
