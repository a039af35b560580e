// Enrolments, proficiency measurements and track changes as DuckDB tables with the analytics columns (src/schema.ts), the local
// twin of the Glue tables `enrollments`, `measurements` and `track_changes`; written to the dataset with writeParquetDataset.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { EnrollmentRecord, MeasurementRecord, TrackChangeRecord } from '../analytics-row';
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

export async function appendTrackChanges(connection: DuckDBConnection, records: readonly TrackChangeRecord[], name = 'track_changes'): Promise<void> {
  const appender = await connection.createAppender(name);
  const text = (v: string | null | undefined) => (v === null || v === undefined ? appender.appendNull() : appender.appendVarchar(v));
  for (const c of records) {
    appender.appendVarchar(c.taskerId);
    text(c.from);
    appender.appendVarchar(c.to);
    appender.appendTimestamp(micros(c.at));
    appender.appendVarchar(c.actor.kind);
    appender.appendVarchar(c.actor.id);
    if (c.actor.version === null || c.actor.version === undefined) appender.appendNull();
    else appender.appendInteger(c.actor.version);
    text(c.reason);
    text(c.rule);
    text(c.placementId);
    text(c.projectId);
    text(c.moveId);
    appender.appendVarchar(day(c.at));
    appender.endRow();
  }
  appender.closeSync();
}
