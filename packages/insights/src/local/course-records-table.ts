// Enrolments and proficiency measurements as DuckDB tables with the analytics columns (src/schema.ts), the local
// twin of the Glue tables `enrollments` and `measurements`; written to the dataset with writeParquetDataset.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { EnrollmentRecord, MeasurementRecord } from '../analytics-row';
import { ANALYTICS_COLUMNS, type AnalyticsKind, PARTITION_COLUMN } from '../schema';

export async function createAnalyticsTable(connection: DuckDBConnection, kind: AnalyticsKind, name: string = kind): Promise<void> {
  const columns = ANALYTICS_COLUMNS[kind].map(([column, type]) => `${column} ${type}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${name} (${columns}, ${PARTITION_COLUMN} VARCHAR)`);
}

const micros = (iso: string) => new DuckDBTimestampValue(BigInt(Date.parse(iso)) * 1000n);
const day = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);

export async function appendEnrollments(connection: DuckDBConnection, records: readonly EnrollmentRecord[], name = 'enrollments'): Promise<void> {
  const appender = await connection.createAppender(name);
  const time = (v: string | null | undefined) => (v ? appender.appendTimestamp(micros(v)) : appender.appendNull());
  for (const e of records) {
    appender.appendVarchar(e.taskerId);
    appender.appendVarchar(e.courseId);
    appender.appendVarchar(e.variant);
    appender.appendInteger(e.courseVersion);
    appender.appendTimestamp(micros(e.enrolledAt));
    time(e.completedAt);
    time(e.exitReachedAt);
    appender.appendVarchar(day(e.enrolledAt));
    appender.endRow();
  }
  appender.closeSync();
}

export async function appendMeasurements(connection: DuckDBConnection, records: readonly MeasurementRecord[], name = 'measurements'): Promise<void> {
  const appender = await connection.createAppender(name);
  const text = (v: string | null | undefined) => (v === null || v === undefined ? appender.appendNull() : appender.appendVarchar(v));
  for (const m of records) {
    appender.appendVarchar(m.taskerId);
    appender.appendVarchar(m.skill);
    appender.appendDouble(m.theta);
    appender.appendDouble(m.se);
    appender.appendTimestamp(micros(m.at));
    appender.appendVarchar(m.source);
    text(m.sessionId);
    text(m.blueprintId);
    text(m.projectId);
    appender.appendVarchar(day(m.at));
    appender.endRow();
  }
  appender.closeSync();
}
