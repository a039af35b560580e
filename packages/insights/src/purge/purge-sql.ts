// The two queries of a lake purge, the same in Athena and DuckDB but for where the rows are read: which partitions
// of a kind hold an erased tasker's rows, and a partition's rows without them (the columns in the table's order,
// without the partition column, which lives in the path).
import { ANALYTICS_COLUMNS, type AnalyticsKind, PARTITION_COLUMN } from '../schema';
import { stringLiteral } from '../sql/dialect';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** the `dt` values (sorted) of the partitions of `table` holding a row of the tasker */
export function partitionsHoldingSql(table: string, taskerId: string): string {
  return `SELECT DISTINCT ${PARTITION_COLUMN} FROM ${table} WHERE tasker_id = ${stringLiteral(taskerId)} ORDER BY ${PARTITION_COLUMN}`;
}

/**
 * The rows of one partition without the tasker's, read from `source` (the adapter restricts it to the partition's
 * files it listed, so a file delivered meanwhile is neither copied nor deleted). IS DISTINCT FROM keeps a row whose
 * tasker_id is NULL, which `<>` would drop.
 */
export function rowsWithoutSql(kind: AnalyticsKind, source: string, dt: string, taskerId: string): string {
  if (!DATE.test(dt)) throw new Error(`partition dt "${dt}" is not YYYY-MM-DD`);
  const columns = ANALYTICS_COLUMNS[kind].map(([name]) => name).join(', ');
  return `SELECT ${columns} FROM ${source} WHERE ${PARTITION_COLUMN} = ${stringLiteral(dt)} AND tasker_id IS DISTINCT FROM ${stringLiteral(taskerId)}`;
}
