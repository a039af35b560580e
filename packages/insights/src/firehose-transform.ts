// The Firehose record transformation of the analytics path: each Kinesis record is one DynamoDB change of the
// sessions table; a new response row becomes one analytics row (JSON, then Parquet by Firehose's conversion)
// with its `dt` as the dynamic partition key; every other change is Dropped. A record that cannot be decoded is
// ProcessingFailed: Firehose writes it to the errors/ prefix instead of losing it.
import type { ResponseLogRecord } from '@theta/irt';
import { analyticsRow } from './analytics-row';

export interface FirehoseTransformEvent {
  records: { recordId: string; data: string }[];
}

export interface FirehoseTransformResult {
  records: { recordId: string; result: 'Ok' | 'Dropped' | 'ProcessingFailed'; data: string; metadata?: { partitionKeys: Record<string, string> } }[];
}

export function transformRecords(event: FirehoseTransformEvent, toRecord: (change: unknown) => ResponseLogRecord | undefined): FirehoseTransformResult {
  return {
    records: event.records.map(({ recordId, data }) => {
      let change: unknown;
      try {
        change = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
      } catch {
        return { recordId, result: 'ProcessingFailed' as const, data };
      }
      const record = toRecord(change);
      if (!record) return { recordId, result: 'Dropped' as const, data };
      const row = analyticsRow(record);
      return { recordId, result: 'Ok' as const, data: Buffer.from(`${JSON.stringify(row)}\n`).toString('base64'), metadata: { partitionKeys: { dt: row.dt } } };
    }),
  };
}
