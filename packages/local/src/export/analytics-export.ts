// The analytics siblings of an exported response log (docs/insights.md): every tasker in the log, their enrolments,
// proficiency measurements and track changes read by Query of their partition (DynamoAnalyticsExportStore), written
// as LOG.enrollments.jsonl, LOG.measurements.jsonl and LOG.track-changes.jsonl next to it. A placement is a re-assessment when its STATE row says
// so (the reader's sessions table) or its responses do (`context: reassessment`). A tasker with no response has no measurement either
// (every measurement comes from a placement or quiz), so the log names everyone a course comparison can use.
import { readFile, writeFile } from 'node:fs/promises';
import { parseResponseLog } from '@theta/irt';
import type { AnalyticsEnrollment, AnalyticsMeasurement, AnalyticsTrackChange, DynamoAnalyticsExportStore } from '@theta/store';

export interface AnalyticsExportResult {
  taskers: number;
  enrollments: number;
  measurements: number;
  trackChanges: number;
  files: { enrollments: string; measurements: string; trackChanges: string };
}

/** LOG.jsonl → LOG.enrollments.jsonl, LOG.measurements.jsonl, LOG.track-changes.jsonl (the names `npm run insights -- … --log LOG.jsonl` looks for) */
export function analyticsSiblings(log: string): { enrollments: string; measurements: string; trackChanges: string } {
  const base = log.replace(/\.jsonl$/, '');
  return { enrollments: `${base}.enrollments.jsonl`, measurements: `${base}.measurements.jsonl`, trackChanges: `${base}.track-changes.jsonl` };
}

export async function exportAnalytics(options: { reader: DynamoAnalyticsExportStore; log: string; concurrency?: number; onTasker?: (done: number) => void }): Promise<AnalyticsExportResult> {
  const parsed = parseResponseLog(await readFile(options.log, 'utf8'), { file: options.log, skipBadLines: false });
  const taskers = [...new Set(parsed.records.map((r) => r.taskerId))].sort();
  const reassessments = new Set(parsed.records.flatMap((r) => (r.context === 'reassessment' && r.sessionId ? [r.sessionId] : [])));
  const enrollments: AnalyticsEnrollment[] = [];
  const measurements: AnalyticsMeasurement[] = [];
  const trackChanges: AnalyticsTrackChange[] = [];
  let next = 0;
  let done = 0;
  // a few partitions at a time: each tasker is three small Queries
  const worker = async () => {
    while (next < taskers.length) {
      const taskerId = taskers[next++]!;
      const [got, changes] = await Promise.all([options.reader.readTasker(taskerId, reassessments), options.reader.readTrackChanges(taskerId)]);
      enrollments.push(...got.enrollments);
      measurements.push(...got.measurements);
      trackChanges.push(...changes);
      options.onTasker?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const byTaskerThenTime = <T extends { taskerId: string }>(key: (x: T) => string) => (a: T, b: T) => (a.taskerId < b.taskerId ? -1 : a.taskerId > b.taskerId ? 1 : key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  enrollments.sort(byTaskerThenTime((e) => e.enrolledAt + e.courseId));
  measurements.sort(byTaskerThenTime((m) => m.at + m.skill));
  trackChanges.sort(byTaskerThenTime((c) => c.at + (c.moveId ?? c.placementId ?? '')));
  const files = analyticsSiblings(options.log);
  const lines = (rows: readonly object[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  await writeFile(files.enrollments, lines(enrollments));
  await writeFile(files.measurements, lines(measurements));
  await writeFile(files.trackChanges, lines(trackChanges));
  return { taskers: taskers.length, enrollments: enrollments.length, measurements: measurements.length, trackChanges: trackChanges.length, files };
}
