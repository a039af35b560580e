// A theta-response-log/v1 file into DuckDB: read and checked by the one reader (@theta/irt: line-numbered errors,
// responseId duplicates counted once), appended to a `responses` table with the analytics columns.
import { readFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type BadLine, inProcessingOrder, parseResponseLog } from '@theta/irt';
import { appendResponses, createResponsesTable } from './responses-table';

export interface LoadedLog {
  records: number;
  skipped: BadLine[];
  /** first and last `at` (epoch ms), null when empty */
  firstMs: number | null;
  lastMs: number | null;
}

export async function loadResponseLog(connection: DuckDBConnection, file: string, options: { skipBadLines?: boolean } = {}): Promise<LoadedLog> {
  const text = await readFile(file, 'utf8');
  const parsed = parseResponseLog(text, { file, skipBadLines: options.skipBadLines ?? false });
  const records = inProcessingOrder(parsed.records);
  await createResponsesTable(connection);
  await appendResponses(connection, records);
  return {
    records: records.length,
    skipped: parsed.skipped,
    firstMs: records[0]?.atMs ?? null,
    lastMs: records.at(-1)?.atMs ?? null,
  };
}
