// npm run insights: the insights over exported files (--log and its siblings) or the local analytics dataset, on DuckDB.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dirname } from 'node:path';
import { courseDefaults } from '../courses/course-defaults';
import { courseInsight } from '../courses/course-insight';
import { commonErrors } from '../errors/common-errors';
import { DuckDbEngine, openDuckDb } from '../engines/duckdb-engine';
import { appendEnrollments, appendMeasurements, appendTrackChanges, createAnalyticsTable } from '../local/course-records-table';
import { parseEnrollmentLog, parseMeasurementLog, parseTrackChangeLog, siblingLogs } from '../local/course-logs';
import { loadResponseLog } from '../local/load-log';
import { localAnalyticsDir, localResponsesDir } from '../local/paths';
import { createResponsesTable, writeParquetDataset } from '../local/responses-table';
import { LocalLakeFiles } from '../purge/local-lake-files';
import { purgeTaskerFromLake } from '../purge/purge-tasker';
import type { AnalyticsKind } from '../schema';
import type { DuckDbSource } from '../sql/dialect';
import type { InsightFilters } from '../sql/render';
import { type CliOptions, parseArgs } from './args';
import { courseTables, itemsTable } from './course-tables';
import { errorsTables } from './tables';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const DAY_MS = 86_400_000;

interface Range {
  firstMs: number | null;
  lastMs: number | null;
}

function filters(options: CliOptions, range: Range): InsightFilters {
  const now = Date.now();
  const to = options.to ?? new Date((range.lastMs ?? now) + 1).toISOString();
  const from = options.from ?? new Date(range.firstMs ?? Date.parse(to) - 90 * DAY_MS).toISOString();
  return { from, to, ...(options.skill ? { skill: options.skill } : {}), ...(options.track ? { track: options.track } : {}), ...(options.courseId ? { courseId: options.courseId } : {}), ...(options.projectId ? { projectId: options.projectId } : {}) };
}

/** Loads the files the options name (a --log's siblings when they exist) into tables; the kinds loaded. */
async function loadFiles(connection: DuckDBConnection, options: CliOptions, io: CliIo): Promise<{ kinds: AnalyticsKind[]; range: Range }> {
  const kinds: AnalyticsKind[] = [];
  let range: Range = { firstMs: null, lastMs: null };
  const siblings = options.log ? siblingLogs(options.log) : undefined;
  const enrollments = options.enrollments ?? (siblings && existsSync(siblings.enrollments) ? siblings.enrollments : undefined);
  const measurements = options.measurements ?? (siblings && existsSync(siblings.measurements) ? siblings.measurements : undefined);
  const trackChanges = options.trackChanges ?? (siblings && existsSync(siblings.trackChanges) ? siblings.trackChanges : undefined);
  if (options.log) {
    const loaded = await loadResponseLog(connection, options.log, { skipBadLines: options.skipBadLines });
    for (const bad of loaded.skipped) io.err(`skipped ${options.log}:${bad.line}: ${bad.field}: ${bad.problem}\n`);
    range = loaded;
    kinds.push('responses');
  } else await createResponsesTable(connection);
  await createAnalyticsTable(connection, 'enrollments');
  await createAnalyticsTable(connection, 'measurements');
  await createAnalyticsTable(connection, 'track_changes');
  if (enrollments) {
    await appendEnrollments(connection, parseEnrollmentLog(await readFile(enrollments, 'utf8'), enrollments));
    kinds.push('enrollments');
  }
  if (measurements) {
    await appendMeasurements(connection, parseMeasurementLog(await readFile(measurements, 'utf8'), measurements));
    kinds.push('measurements');
  }
  if (trackChanges) {
    await appendTrackChanges(connection, parseTrackChangeLog(await readFile(trackChanges, 'utf8'), trackChanges));
    kinds.push('track_changes');
  }
  return { kinds, range };
}

/** the local twin of the AWS lake purge (docs/security.md, "The analytics lake"): same algorithm, DuckDB and files */
async function purgeLocalDataset(connection: DuckDBConnection, taskerId: string, io: CliIo): Promise<number> {
  const dir = dirname(localResponsesDir(io.env));
  const result = await purgeTaskerFromLake({ taskerId, erasureId: `local-${new Date().toISOString()}` }, new LocalLakeFiles(connection, dir));
  const files = result.rewritten.reduce((n, p) => n + p.filesReplaced, 0);
  io.out(`${result.complete ? 'purged' : 'NOT complete:'} ${result.rewritten.length} partitions rewritten (${files} files replaced), ${result.resumed.length} unfinished rewrites finished, in ${dir}\n`);
  for (const p of result.rewritten) io.out(`  ${p.kind}/dt=${p.dt}: ${p.filesReplaced} → ${p.filesWritten} files\n`);
  return result.complete ? 0 : 1;
}

export async function runInsightsCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 2;
  }
  const connection = await openDuckDb();
  try {
    if (options.command === 'purge') return await purgeLocalDataset(connection, options.taskerId!, io);
    let source: DuckDbSource = { kind: 'parquet', dir: localResponsesDir(io.env) };
    let range: Range = { firstMs: null, lastMs: null };
    const fromFiles = Boolean(options.log || options.enrollments || options.measurements || options.trackChanges);
    if (fromFiles) {
      const loaded = await loadFiles(connection, options, io);
      range = loaded.range;
      source = { kind: 'table', name: 'responses' };
      if (options.command === 'sync') {
        for (const kind of loaded.kinds) await writeParquetDataset(connection, localAnalyticsDir(kind, io.env), kind);
        const counts = await Promise.all(loaded.kinds.map(async (kind) => `${(await connection.runAndReadAll(`SELECT count(*) AS n FROM ${kind}`)).getRows()[0]![0]} ${kind}`));
        io.out(`wrote ${counts.join(', ')} to ${localAnalyticsDir('responses', io.env).replace(/responses$/, '')} (Parquet, partitioned by dt)\n`);
        return 0;
      }
    } else if (options.command !== 'course' && !existsSync(source.dir)) {
      io.err(`error: no local analytics dataset at ${source.dir}: run \`npm run insights -- sync --log FILE.jsonl\` first, or pass --log\n`);
      return 1;
    }
    const engine = new DuckDbEngine(connection, source);
    if (options.command === 'course') {
      const courseId = options.courseId!;
      if (!fromFiles && !(['enrollments', 'measurements'] as const).every((kind) => existsSync(localAnalyticsDir(kind, io.env)))) {
        io.err(`error: no enrolments in the local dataset at ${localAnalyticsDir('enrollments', io.env)}: run \`npm run export:analytics\` and \`npm run insights -- sync\` first, or pass --log / --enrollments\n`);
        return 1;
      }
      const defaults = await courseDefaults(connection, source, courseId);
      const skill = options.skill ?? defaults.skill;
      if (!skill) {
        io.err(`error: course ${courseId}: nobody enrolled has been re-assessed after enrolment; pass --skill\n`);
        return 1;
      }
      const to = options.to ?? defaults.to ?? new Date().toISOString();
      const from = options.from ?? defaults.from ?? new Date(Date.parse(to) - 90 * DAY_MS).toISOString();
      const report = await courseInsight(engine, {
        courseId,
        skill,
        from,
        to,
        ...(options.control ? { control: options.control } : {}),
        ...(options.treatment ? { treatment: options.treatment } : {}),
        proficientTheta: options.proficientTheta ?? 0,
        top: options.json ? Number.MAX_SAFE_INTEGER : options.top,
      });
      const names = report.variants.map((v) => v.variant);
      for (const flag of ['control', 'treatment'] as const) {
        const v = options[flag];
        if (v !== undefined && !names.includes(v)) {
          io.err(`error: --${flag}: no variant '${v}' among the enrolments of ${courseId} (${names.join(', ') || 'none'})\n`);
          return 1;
        }
      }
      io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : courseTables(report, options.top));
      return 0;
    }
    const report = await commonErrors(engine, filters(options, range));
    if (options.command === 'items') io.out(options.json ? `${JSON.stringify({ engine: report.engine, filters: report.filters, rule: report.rule, responses: report.responses, items: report.items }, null, 2)}\n` : itemsTable(report, options.top));
    else io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : errorsTables(report, options.top));
    return 0;
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    connection.closeSync();
  }
}
