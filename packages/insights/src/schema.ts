// The analytics record of a response: theta-response-log/v1 (FORMATS.md §1) in snake_case, `at` as the UTC
// timestamp `answered_at` (AT is a DuckDB keyword), partitioned by `dt` (the UTC date). One list for the Glue table
// (infra), the local DuckDB table and Parquet files, and the Firehose transform. No imports: infra reads it at synth.

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
] as const;

export const PARTITION_COLUMN = 'dt';
