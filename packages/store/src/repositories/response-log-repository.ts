// The scored responses of every placement and quiz as `theta-response-log/v1` records (../shared/FORMATS.md
// section 1), read page by page through the sessions table's gsi2 (one partition per UTC day, sorted by `at`):
// an export or a calibration job reads the log by Query, never by Scan. Pages resume from an opaque cursor.

import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResponseContext, ResponseLogRecord } from '@theta/irt';
import * as z from 'zod';
import { keys } from '../keys';

export interface ResponsePageRequest {
  /** ISO instant, inclusive; default RESPONSE_LOG_START */
  from?: string;
  /** ISO instant, exclusive; default now */
  to?: string;
  /** from the previous page; resumes exactly after its last record */
  cursor?: string;
  /** most records on the page; default 1000 */
  limit?: number;
}

export interface ResponsePage {
  /** in order of `at` (ties: by session and position); `line` is 0 (not read from a file) */
  records: ResponseLogRecord[];
  /** absent when the range is exhausted */
  cursor?: string;
}

/** The first day a default export looks at (Theta wrote no responses before it); pass `from` to narrow. */
export const RESPONSE_LOG_START = '2026-01-01T00:00:00.000Z';
const DAY_MS = 86_400_000;
const DEFAULT_LIMIT = 1000;

const CursorSchema = z.object({
  /** the range the cursor belongs to: a cursor is refused for another one */
  from: z.string(),
  to: z.string(),
  /** the day partition to read next */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** LastEvaluatedKey within that day, when the page ended inside it */
  after: z.record(z.string(), z.string()).optional(),
});
type Cursor = z.infer<typeof CursorSchema>;

export class ResponseCursorError extends Error {
  constructor(problem: string) {
    super(`cursor: ${problem}`);
    this.name = 'ResponseCursorError';
  }
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(text: string, from: string, to: string): Cursor {
  let parsed;
  try {
    parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new ResponseCursorError('not a cursor of this reader');
  }
  if (!parsed.success) throw new ResponseCursorError('not a cursor of this reader');
  if (parsed.data.from !== from || parsed.data.to !== to) throw new ResponseCursorError(`belongs to the range ${parsed.data.from} .. ${parsed.data.to}, not ${from} .. ${to}`);
  return parsed.data;
}

function instant(value: string, name: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${name}: '${value}' is not an ISO 8601 date-time`);
  return new Date(ms).toISOString();
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A placement or quiz RESP row as a log record; undefined for rows that cannot be one (no tasker: written before the log fields). */
export function responseRowToRecord(row: Record<string, unknown>): ResponseLogRecord | undefined {
  const quiz = row.entity === 'quiz-response';
  const sessionId = str(quiz ? row.sessionId : row.placementId);
  const taskerId = str(row.taskerId);
  const at = str(row.at);
  if (!sessionId || !taskerId || !at || typeof row.itemId !== 'string' || typeof row.score !== 'number') return undefined;
  const context: ResponseContext = quiz ? 'quiz' : row.context === 'reassessment' ? 'reassessment' : 'placement';
  return {
    // placement rows have no id of their own: the session and the answer's position name it
    responseId: str(row.responseId) ?? `${sessionId}#${String(row.seq)}`,
    taskerId,
    itemId: row.itemId,
    score: row.score,
    at,
    sessionId,
    context,
    answer: str(row.answer),
    errorTag: str(row.errorTag),
    // the server's measure where it exists (placements since docs/blueprints.md "Time per item"), else the client's
    elapsedMs: num(row.serverElapsedMs) ?? num(row.elapsedMs),
    skill: str(row.skill),
    thetaBefore: num(row.thetaBefore),
    seBefore: num(row.seBefore),
    courseId: str(row.courseId),
    variant: str(row.variant),
    // extension field of the log (docs/insights.md): a project blueprint's placement names its project
    ...(typeof row.projectId === 'string' ? { projectId: row.projectId } : {}),
    line: 0,
    atMs: Date.parse(at),
  };
}

export class DynamoResponseLogStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: { sessions: string },
  ) {}

  async readResponsePage(request: ResponsePageRequest = {}): Promise<ResponsePage> {
    const from = instant(request.from ?? RESPONSE_LOG_START, 'from');
    const to = instant(request.to ?? new Date().toISOString(), 'to');
    const limit = request.limit ?? DEFAULT_LIMIT;
    if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`limit: must be a positive integer, got ${limit}`);
    const lastDay = new Date(Math.max(Date.parse(from), Date.parse(to) - 1)).toISOString().slice(0, 10);
    let cursor: Cursor | undefined = request.cursor ? decode(request.cursor, from, to) : { from, to, day: from.slice(0, 10) };
    const records: ResponseLogRecord[] = [];
    while (cursor && records.length < limit && from < to) {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.sessions,
          IndexName: 'gsi2',
          // sort keys are `<at>#<row>`: BETWEEN from AND to keeps from ≤ at < to
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':day': keys.responseByDay(`${cursor.day}T`, { pk: '', sk: '' }).gsi2pk, ':from': from, ':to': to },
          Limit: limit - records.length,
          ...(cursor.after ? { ExclusiveStartKey: cursor.after } : {}),
        }),
      );
      for (const row of out.Items ?? []) {
        const record = responseRowToRecord(row);
        if (record) records.push(record);
      }
      const after = out.LastEvaluatedKey as Record<string, string> | undefined;
      if (after) cursor = { from, to, day: cursor.day, after };
      else cursor = cursor.day < lastDay ? { from, to, day: nextDay(cursor.day) } : undefined;
    }
    return { records, ...(cursor && from < to ? { cursor: encode(cursor) } : {}) };
  }
}
