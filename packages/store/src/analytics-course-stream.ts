// Enrolment, measurement and track-change rows as they leave the taskers table for analytics (the same Kinesis stream as the
// sessions table's changes; docs/insights.md): a change record's NewImage, back to the course-analytics records.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoKinesisChange } from './analytics-stream';
import { type AnalyticsEnrollment, type AnalyticsMeasurement, type AnalyticsTrackChange, enrollmentRowToRecord, historyRowToMeasurements, trackRowToChange } from './repositories/analytics-export-repository';

/** an ENROLL# row, new or changed (completion and the exit are written onto it later); undefined for anything else */
export function enrollmentRecordFromChange(change: DynamoKinesisChange): AnalyticsEnrollment | undefined {
  if ((change.eventName !== 'INSERT' && change.eventName !== 'MODIFY') || !change.dynamodb?.NewImage) return undefined;
  const row = unmarshall(change.dynamodb.NewImage);
  if (typeof row.sk !== 'string' || !row.sk.startsWith('ENROLL#')) return undefined;
  return enrollmentRowToRecord(row);
}

/** a new HISTORY# row as one record per measured skill (immutable rows: only INSERTs count); [] for anything else */
export function measurementRecordsFromChange(change: DynamoKinesisChange): AnalyticsMeasurement[] {
  if (change.eventName !== 'INSERT' || !change.dynamodb?.NewImage) return [];
  const row = unmarshall(change.dynamodb.NewImage);
  if (typeof row.sk !== 'string' || !row.sk.startsWith('HISTORY#')) return [];
  return historyRowToMeasurements(row);
}

/** a new TRACK# row (the audit is immutable: only INSERTs count); undefined for anything else */
export function trackChangeRecordFromChange(change: DynamoKinesisChange): AnalyticsTrackChange | undefined {
  if (change.eventName !== 'INSERT' || !change.dynamodb?.NewImage) return undefined;
  return trackRowToChange(unmarshall(change.dynamodb.NewImage));
}
