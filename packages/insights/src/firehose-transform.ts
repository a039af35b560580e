// The Firehose record transformation of the analytics path: each Kinesis record is one DynamoDB change of the
// sessions or taskers table. Every kind (responses, enrollments, measurements, track_changes) has its own delivery stream (its own
// Glue schema for the Parquet conversion, its own S3 prefix), all reading the one change stream and invoking this one
// transform: the delivery stream's name says which kind it keeps (`…-enrollments`, `…-measurements`,
// `…-track_changes`, else responses), rows of that kind become analytics rows (JSON lines, then Parquet) with `dt` as the dynamic partition
// key, and every other change is Dropped. A record that cannot be decoded is ProcessingFailed: Firehose writes it to
// the errors/ prefix instead of losing it.
import type { ResponseLogRecord } from '@theta/irt';
import { analyticsRow, type EnrollmentRecord, enrollmentRow, type MeasurementRecord, measurementRow, type TrackChangeRecord, trackChangeRow } from './analytics-row';
import type { AnalyticsKind } from './schema';

export interface FirehoseTransformEvent {
  /** which delivery stream invoked the transform (Firehose sets it) */
  deliveryStreamArn?: string;
  records: { recordId: string; data: string }[];
}

export interface FirehoseTransformResult {
  records: { recordId: string; result: 'Ok' | 'Dropped' | 'ProcessingFailed'; data: string; metadata?: { partitionKeys: Record<string, string> } }[];
}

/** how one change becomes records of each kind (packages/store decodes the DynamoDB images) */
export interface ChangeDecoders {
  responses: (change: unknown) => ResponseLogRecord | undefined;
  enrollments?: (change: unknown) => EnrollmentRecord | undefined;
  measurements?: (change: unknown) => MeasurementRecord[];
  track_changes?: (change: unknown) => TrackChangeRecord | undefined;
}

/** the kind a delivery stream carries, from its name (infra names them `theta-<stage>-analytics-<kind>`) */
export function deliveryKind(deliveryStreamArn: string | undefined): AnalyticsKind {
  const name = deliveryStreamArn?.split('/').pop() ?? '';
  if (name.endsWith('-enrollments')) return 'enrollments';
  if (name.endsWith('-measurements')) return 'measurements';
  if (name.endsWith('-track_changes')) return 'track_changes';
  return 'responses';
}

function rowsOf(kind: AnalyticsKind, change: unknown, decoders: ChangeDecoders): { dt: string }[] {
  if (kind === 'enrollments') {
    const e = decoders.enrollments?.(change);
    return e ? [enrollmentRow(e)] : [];
  }
  if (kind === 'measurements') return (decoders.measurements?.(change) ?? []).map(measurementRow);
  if (kind === 'track_changes') {
    const c = decoders.track_changes?.(change);
    return c ? [trackChangeRow(c)] : [];
  }
  const r = decoders.responses(change);
  return r ? [analyticsRow(r)] : [];
}

export function transformRecords(event: FirehoseTransformEvent, decode: ChangeDecoders | ((change: unknown) => ResponseLogRecord | undefined)): FirehoseTransformResult {
  const decoders = typeof decode === 'function' ? { responses: decode } : decode;
  const kind = deliveryKind(event.deliveryStreamArn);
  return {
    records: event.records.map(({ recordId, data }) => {
      let change: unknown;
      try {
        change = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
      } catch {
        return { recordId, result: 'ProcessingFailed' as const, data };
      }
      const rows = rowsOf(kind, change, decoders);
      if (rows.length === 0) return { recordId, result: 'Dropped' as const, data };
      // one change of a HISTORY# row measures several skills: one JSON line each, all in the same dt
      const text = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
      return { recordId, result: 'Ok' as const, data: Buffer.from(text).toString('base64'), metadata: { partitionKeys: { dt: rows[0]!.dt } } };
    }),
  };
}
