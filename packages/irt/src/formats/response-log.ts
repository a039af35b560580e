// The response log, `theta-response-log/v1` (../shared/FORMATS.md section 1): one scored response per JSON line.
// Pure text in, records out: the CLIs read the file and hand the text here. Hand-checked rather than zod-parsed
// because calibration and the proficiency replay read hundreds of thousands of lines per run.

export const RESPONSE_LOG_SCHEMA = 'theta-response-log/v1';

export const RESPONSE_CONTEXTS = ['placement', 'reassessment', 'quiz'] as const;
export type ResponseContext = (typeof RESPONSE_CONTEXTS)[number];

/** One line of the log, as FORMATS.md defines it. */
export interface ResponseLogLine {
  responseId?: string | null;
  taskerId: string;
  itemId: string;
  /** 0/1 for dichotomous items, 0..K for polytomous items */
  score: number;
  /** ISO 8601 UTC */
  at: string;
  sessionId?: string | null;
  context?: ResponseContext | null;
  answer?: string | null;
  errorTag?: string | null;
  elapsedMs?: number | null;
  skill?: string | null;
  thetaBefore?: number | null;
  seBefore?: number | null;
  courseId?: string | null;
  variant?: string | null;
}

/** A parsed line with where it came from. */
export interface ResponseLogRecord extends ResponseLogLine {
  /** 1-based line number in the file */
  line: number;
  /** `at` as epoch milliseconds */
  atMs: number;
}

export interface BadLine {
  line: number;
  field: string;
  problem: string;
}

/** `error: FILE:LINE: FIELD: problem` is how readers report it (exit 1). */
export class ResponseLogError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly problem: string;
  constructor(file: string, bad: BadLine) {
    super(`${file}:${bad.line}: ${bad.field}: ${bad.problem}`);
    this.name = 'ResponseLogError';
    this.file = file;
    this.line = bad.line;
    this.field = bad.field;
    this.problem = bad.problem;
  }
}

export interface ParseOptions {
  /** the file name used in error messages */
  file: string;
  /** collect bad lines in `skipped` instead of throwing at the first */
  skipBadLines?: boolean;
}

export interface ParsedResponseLog {
  /** usable lines in file order (blank lines are ignored) */
  records: ResponseLogRecord[];
  skipped: BadLine[];
}

// YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM): a full date-time, not whatever Date.parse happens to accept
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

type Checked = { ok: true; record: ResponseLogRecord } | { ok: false; bad: BadLine };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function nonEmptyString(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0;
}

function optional(v: unknown, check: (v: unknown) => boolean): boolean {
  return v === undefined || v === null || check(v);
}

const OPTIONAL_STRINGS = ['answer', 'errorTag', 'skill', 'courseId', 'variant'] as const;

const finiteNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function checkLine(raw: unknown, line: number): Checked {
  const bad = (field: string, problem: string): Checked => ({ ok: false, bad: { line, field, problem } });
  if (!isObject(raw)) return bad('(line)', 'must be a JSON object');
  if (!nonEmptyString(raw.taskerId)) return bad('taskerId', 'is required: a non-empty string');
  if (!nonEmptyString(raw.itemId)) return bad('itemId', 'is required: a non-empty string');
  if (typeof raw.score !== 'number' || !Number.isInteger(raw.score) || raw.score < 0)
    return bad('score', 'is required: an integer ≥ 0 (0/1, or 0..K for polytomous items)');
  if (typeof raw.at !== 'string' || !ISO_DATE_TIME.test(raw.at)) return bad('at', 'is required: an ISO 8601 date-time, e.g. "2026-12-01T10:00:03.000Z"');
  const atMs = Date.parse(raw.at);
  if (!Number.isFinite(atMs)) return bad('at', 'is not a valid date-time');
  if (!optional(raw.responseId, nonEmptyString)) return bad('responseId', 'must be a non-empty string');
  if (!optional(raw.sessionId, nonEmptyString)) return bad('sessionId', 'must be a non-empty string');
  if (!optional(raw.context, (v) => (RESPONSE_CONTEXTS as readonly unknown[]).includes(v)))
    return bad('context', `must be one of ${RESPONSE_CONTEXTS.join(', ')}`);
  for (const field of OPTIONAL_STRINGS)
    if (!optional(raw[field], (v) => typeof v === 'string')) return bad(field, 'must be a string or null');
  if (!optional(raw.elapsedMs, (v) => finiteNumber(v) && (v as number) >= 0)) return bad('elapsedMs', 'must be a number ≥ 0 or null');
  if (!optional(raw.thetaBefore, finiteNumber)) return bad('thetaBefore', 'must be a finite number or null');
  if (!optional(raw.seBefore, (v) => finiteNumber(v) && (v as number) > 0)) return bad('seBefore', 'must be a number > 0 or null');
  // the parsed object is ours alone: extend it in place rather than copy it (hundreds of thousands of lines per run)
  const record = raw as unknown as ResponseLogRecord;
  record.line = line;
  record.atMs = atMs;
  return { ok: true, record };
}

/** Parse the text of a log. Unknown fields are kept but ignored; a bad line throws ResponseLogError unless skipped. */
export function parseResponseLog(text: string, options: ParseOptions): ParsedResponseLog {
  const records: ResponseLogRecord[] = [];
  const skipped: BadLine[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const body = text.slice(start, end).trim();
    start = end + 1;
    if (body === '') continue;
    let raw: unknown;
    let checked: Checked;
    try {
      raw = JSON.parse(body);
      checked = checkLine(raw, line);
    } catch (e) {
      checked = { ok: false, bad: { line, field: '(line)', problem: `invalid JSON: ${(e as Error).message}` } };
    }
    if (checked.ok) records.push(checked.record);
    else if (options.skipBadLines) skipped.push(checked.bad);
    else throw new ResponseLogError(options.file, checked.bad);
  }
  return { records, skipped };
}

/** Records in order of `at`, ties in file order (FORMATS.md), duplicates of one `responseId` counted once (the first). */
export function inProcessingOrder(records: readonly ResponseLogRecord[]): ResponseLogRecord[] {
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    if (r.responseId === undefined || r.responseId === null) return true;
    if (seen.has(r.responseId)) return false;
    seen.add(r.responseId);
    return true;
  });
  // Array.prototype.sort is stable, and `records` is in file order
  return unique.sort((x, y) => x.atMs - y.atMs || x.line - y.line);
}

/** One line of the log (no trailing newline), with the fields in FORMATS.md order and nulls for the optional ones. */
export function formatResponseLogLine(r: ResponseLogLine): string {
  return JSON.stringify({
    responseId: r.responseId ?? null,
    taskerId: r.taskerId,
    itemId: r.itemId,
    score: r.score,
    at: r.at,
    sessionId: r.sessionId ?? null,
    context: r.context ?? null,
    answer: r.answer ?? null,
    errorTag: r.errorTag ?? null,
    elapsedMs: r.elapsedMs ?? null,
    skill: r.skill ?? null,
    thetaBefore: r.thetaBefore ?? null,
    seBefore: r.seBefore ?? null,
    courseId: r.courseId ?? null,
    variant: r.variant ?? null,
  });
}
