// The analytics record of a response (the columns of the Glue table `responses` and of the local Parquet files):
// theta-response-log/v1 (FORMATS.md §1) in snake_case, `at` as the UTC timestamp `answered_at` (AT is a DuckDB keyword), plus the partition `dt`
// (the UTC date of `at`). `track` and `projectId` are optional extension fields of the log (the tasker's track when answering; a project
// blueprint's project).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { ResponseLogRecord } from '@theta/irt';

import { PARTITION_COLUMN, RESPONSE_COLUMNS } from '../schema';

export async function createResponsesTable(connection: DuckDBConnection, name = 'responses'): Promise<void> {
  const columns = RESPONSE_COLUMNS.map(([column, type]) => `${column} ${type}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${name} (${columns}, ${PARTITION_COLUMN} VARCHAR)`);
}

type WithTrack = ResponseLogRecord & { track?: unknown; projectId?: unknown };

/** Appends records (already validated and de-duplicated by the response-log reader) to the table. */
export async function appendResponses(connection: DuckDBConnection, records: readonly WithTrack[], name = 'responses'): Promise<void> {
  const appender = await connection.createAppender(name);
  const text = (v: string | null | undefined) => (v === null || v === undefined ? appender.appendNull() : appender.appendVarchar(v));
  const double = (v: number | null | undefined) => (v === null || v === undefined ? appender.appendNull() : appender.appendDouble(v));
  for (const r of records) {
    text(r.responseId);
    appender.appendVarchar(r.taskerId);
    appender.appendVarchar(r.itemId);
    appender.appendInteger(r.score);
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(r.atMs) * 1000n));
    text(r.sessionId);
    text(r.context);
    text(r.answer);
    text(r.errorTag);
    if (r.elapsedMs === null || r.elapsedMs === undefined) appender.appendNull();
    else appender.appendBigInt(BigInt(Math.round(r.elapsedMs)));
    text(r.skill);
    double(r.thetaBefore);
    double(r.seBefore);
    text(r.courseId);
    text(r.variant);
    text(typeof r.track === 'string' ? r.track : null);
    text(typeof r.projectId === 'string' ? r.projectId : null);
    appender.appendVarchar(new Date(r.atMs).toISOString().slice(0, 10));
    appender.endRow();
  }
  appender.closeSync();
}

/** Writes the table as the local dataset: Parquet files partitioned by dt (dir/dt=YYYY-MM-DD/*.parquet), replacing what was there. */
export async function writeParquetDataset(connection: DuckDBConnection, dir: string, name = 'responses'): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true });
  const target = dir.replaceAll("'", "''");
  await connection.run(`COPY ${name} TO '${target}' (FORMAT PARQUET, PARTITION_BY (${PARTITION_COLUMN}), OVERWRITE)`);
}
