// Fills an insight's SQL text for one engine: the tables ({{responses}}, {{enrollments}}, {{measurements}}) and
// {{median:EXPR}} from the dialect, and the
// filters as literals. A placeholder the text names but nobody fills is an error, never an empty string.
import type { Dialect } from './dialect';
import { stringLiteral } from './dialect';

/** What every insight is scoped by. `from`/`to` are ISO 8601 instants: from ≤ at < to. */
export interface InsightFilters {
  from: string;
  to: string;
  skill?: string;
  track?: string;
  courseId?: string;
  /** a project blueprint's project: the responses of its placements only */
  projectId?: string;
  /** course outcomes: a measurement at or above this θ counts as proficient (days to proficiency) */
  proficientTheta?: number;
}

const PLACEHOLDER = /\{\{([a-z_]+)(?::([^}]+))?\}\}/g;

const NULL_TEXT = 'CAST(NULL AS VARCHAR)';

function optionalText(value: string | undefined): string {
  return value === undefined ? NULL_TEXT : stringLiteral(value);
}

/** `TIMESTAMP 'YYYY-MM-DD HH:MM:SS.mmm'` in UTC: a literal Athena and DuckDB both read (the column is a UTC timestamp). */
export function timestampLiteral(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`not an ISO 8601 date-time: ${iso}`);
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** The UTC date (the `dt` partition) of an instant, as a string literal. */
export function dateLiteral(ms: number): string {
  return stringLiteral(new Date(ms).toISOString().slice(0, 10));
}

/** a finite number as a DOUBLE literal (NULL when absent); nothing else can enter a query this way */
export function numberLiteral(value: number | undefined): string {
  if (value === undefined) return 'CAST(NULL AS DOUBLE)';
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `CAST(${String(value)} AS DOUBLE)`;
}

export function filterValues(filters: InsightFilters): Record<string, string> {
  const fromMs = Date.parse(filters.from);
  const toMs = Date.parse(filters.to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) throw new Error('filters: from must be an instant before to');
  return {
    from_ts: timestampLiteral(filters.from),
    to_ts: timestampLiteral(filters.to),
    from_date: dateLiteral(fromMs),
    // at < to: the last partition that can hold a row is the date of the last millisecond before `to`
    to_date: dateLiteral(toMs - 1),
    skill: optionalText(filters.skill),
    track: optionalText(filters.track),
    course_id: optionalText(filters.courseId),
    project_id: optionalText(filters.projectId),
    proficient_theta: numberLiteral(filters.proficientTheta),
  };
}

export function renderSql(text: string, dialect: Dialect, filters: InsightFilters): string {
  const values = filterValues(filters);
  return text.replace(PLACEHOLDER, (whole, name: string, arg: string | undefined) => {
    if (name === 'responses' && arg === undefined) return dialect.responses;
    if ((name === 'enrollments' || name === 'measurements') && arg === undefined) return dialect.table(name);
    if (name === 'median' && arg !== undefined) return dialect.median(arg.trim());
    const value = arg === undefined ? values[name] : undefined;
    if (value === undefined) throw new Error(`SQL placeholder ${whole} has no value`);
    return value;
  });
}
