// `npm run export:responses`: every scored response in a time range, as `theta-response-log/v1` lines
// (../shared/FORMATS.md section 1, written by the irt package's writer), read page by page from the sessions
// table's gsi2 (DynamoResponseLogStore: Query, never Scan). Resumable: after each page the cursor and the output's
// byte length go to `<out>.cursor` (written to a temporary file, then renamed); `--resume` truncates the output to
// that length (dropping a page written after the last saved cursor) and continues, so no response is written twice.

import { existsSync } from 'node:fs';
import { appendFile, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { formatResponseLogLine } from '@theta/irt';
import type { ResponsePage, ResponsePageRequest } from '@theta/store';
import * as z from 'zod';

export const EXPORT_CURSOR_SCHEMA = 'theta-response-export-cursor/v1';

const CursorFileSchema = z.object({
  schema: z.literal(EXPORT_CURSOR_SCHEMA),
  from: z.string(),
  to: z.string(),
  /** the reader's cursor after the last page written; absent when the export is complete */
  cursor: z.string().optional(),
  /** bytes of the output file that hold exactly the pages written */
  bytes: z.number().int().min(0),
  written: z.number().int().min(0),
  complete: z.boolean(),
});
type CursorFile = z.infer<typeof CursorFileSchema>;

export interface ResponsePageReader {
  readResponsePage(request: ResponsePageRequest): Promise<ResponsePage>;
}

export interface ExportOptions {
  reader: ResponsePageReader;
  out: string;
  from?: string;
  to?: string;
  resume?: boolean;
  pageSize?: number;
  /** stop after this many pages (tests: an interrupted export) */
  maxPages?: number;
  onPage?: (written: number) => void;
}

export interface ExportResult {
  written: number;
  complete: boolean;
  from: string;
  to: string;
}

export class ExportError extends Error {}

/** a v1 line plus the log's extension fields the store's reader carries (readers ignore fields they do not know) */
function withExtensions(r: ResponsePage['records'][number] & { projectId?: unknown }): string {
  const line = formatResponseLogLine(r);
  return typeof r.projectId === 'string' ? `${line.slice(0, -1)},"projectId":${JSON.stringify(r.projectId)}}` : line;
}

export const cursorFileOf = (out: string) => `${out}.cursor`;

const iso = (value: string, name: string): string => {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new ExportError(`--${name}: '${value}' is not an ISO 8601 date-time`);
  return new Date(ms).toISOString();
};

async function readCursorFile(file: string): Promise<CursorFile> {
  if (!existsSync(file)) throw new ExportError(`--resume: no cursor file ${file} (run without --resume to start an export)`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new ExportError(`${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = CursorFileSchema.safeParse(json);
  if (!parsed.success) throw new ExportError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function saveCursorFile(file: string, state: CursorFile): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(state)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function exportResponses(options: ExportOptions): Promise<ExportResult> {
  const cursorFile = cursorFileOf(options.out);
  let state: CursorFile;
  if (options.resume) {
    state = await readCursorFile(cursorFile);
    if (options.from !== undefined && iso(options.from, 'from') !== state.from) throw new ExportError(`--from differs from the export being resumed (${state.from})`);
    if (options.to !== undefined && iso(options.to, 'to') !== state.to) throw new ExportError(`--to differs from the export being resumed (${state.to})`);
    if (!existsSync(options.out)) throw new ExportError(`--resume: ${options.out} is missing (its cursor file is there)`);
    // whatever was appended after the last saved cursor is written again from that cursor
    await truncate(options.out, state.bytes);
  } else {
    // `to` is fixed now, so a resumed export reads exactly the range the first run started on
    state = {
      schema: EXPORT_CURSOR_SCHEMA,
      from: iso(options.from ?? '2026-01-01T00:00:00.000Z', 'from'),
      to: iso(options.to ?? new Date().toISOString(), 'to'),
      bytes: 0,
      written: 0,
      complete: false,
    };
    if (state.from >= state.to) throw new ExportError(`--from ${state.from} is not before --to ${state.to}`);
    await writeFile(options.out, '');
    await saveCursorFile(cursorFile, state);
  }
  let pages = 0;
  while (!state.complete && (options.maxPages === undefined || pages < options.maxPages)) {
    const page = await options.reader.readResponsePage({ from: state.from, to: state.to, ...(state.cursor ? { cursor: state.cursor } : {}), limit: options.pageSize ?? 1000 });
    const text = page.records.map((r) => `${withExtensions(r)}\n`).join('');
    if (text.length > 0) await appendFile(options.out, text);
    const { cursor: _previous, ...rest } = state;
    state = {
      ...rest,
      ...(page.cursor ? { cursor: page.cursor } : {}),
      bytes: state.bytes + Buffer.byteLength(text),
      written: state.written + page.records.length,
      complete: page.cursor === undefined,
    };
    await saveCursorFile(cursorFile, state);
    pages++;
    options.onPage?.(state.written);
  }
  return { written: state.written, complete: state.complete, from: state.from, to: state.to };
}
