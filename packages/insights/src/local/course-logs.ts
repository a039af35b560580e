// The enrolment and measurement files (JSON Lines, theta-enrollments/v1 and theta-measurements/v1; docs/insights.md)
// that `npm run export:analytics` writes next to a response log and `npm run insights` reads. A line that cannot be
// used is an error `FILE:LINE: FIELD: problem`, as for the response log.
import * as z from 'zod';
import type { EnrollmentRecord, MeasurementRecord, TrackChangeRecord } from '../analytics-row';

const Instant = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 date-time');
const Id = z.string().min(1);

const EnrollmentLine = z.object({
  taskerId: Id,
  courseId: Id,
  variant: Id,
  courseVersion: z.int().min(1),
  enrolledAt: Instant,
  completedAt: Instant.nullish(),
  exitReachedAt: Instant.nullish(),
});

const MeasurementLine = z.object({
  taskerId: Id,
  skill: Id,
  theta: z.number(),
  se: z.number().positive(),
  at: Instant,
  source: z.enum(['placement', 'reassessment', 'quiz']),
  placementId: Id.nullish(),
  quizId: Id.nullish(),
  sessionId: Id.nullish(),
  blueprintId: Id.nullish(),
  projectId: Id.nullish(),
});

const TrackChangeLine = z.object({
  taskerId: Id,
  from: Id.nullish(),
  to: Id,
  at: Instant,
  actor: z.object({ kind: z.enum(['person', 'rule', 'placement']), id: Id, version: z.int().min(0).nullish() }),
  reason: z.string().nullish(),
  rule: z.string().nullish(),
  placementId: Id.nullish(),
  projectId: Id.nullish(),
  moveId: Id.nullish(),
});

export class AnalyticsLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
    this.name = 'AnalyticsLineError';
  }
}

function parseLines<T>(text: string, file: string, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new AnalyticsLineError(file, i + 1, '(line)', 'not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? issue.path.join('.') : '(line)';
      throw new AnalyticsLineError(file, i + 1, field, issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message);
    }
    out.push(parsed.data);
  });
  return out;
}

export function parseEnrollmentLog(text: string, file: string): EnrollmentRecord[] {
  return parseLines(text, file, EnrollmentLine);
}

export function parseMeasurementLog(text: string, file: string): MeasurementRecord[] {
  return parseLines(text, file, MeasurementLine).map(({ placementId, quizId, sessionId, ...m }) => ({ ...m, sessionId: sessionId ?? placementId ?? quizId ?? null }));
}

export function parseTrackChangeLog(text: string, file: string): TrackChangeRecord[] {
  return parseLines(text, file, TrackChangeLine);
}

/** the sibling files of a response log: LOG.jsonl → LOG.enrollments.jsonl, LOG.measurements.jsonl, LOG.track-changes.jsonl */
export function siblingLogs(log: string): { enrollments: string; measurements: string; trackChanges: string } {
  const base = log.replace(/\.jsonl$/, '');
  return { enrollments: `${base}.enrollments.jsonl`, measurements: `${base}.measurements.jsonl`, trackChanges: `${base}.track-changes.jsonl` };
}
