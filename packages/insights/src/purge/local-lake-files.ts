// LakeFiles over the local analytics dataset (<data dir>/analytics/<kind>/dt=YYYY-MM-DD/*.parquet) with DuckDB: the
// same layout as the S3 lake, so a purge runs here exactly as it runs in AWS. Staging and manifests live in
// <data dir>/analytics/.purge/, which no dataset glob reads.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../engines/duckdb-engine';
import { type AnalyticsKind, PARTITION_COLUMN } from '../schema';
import { duckDbDialect, stringLiteral } from '../sql/dialect';
import type { LakeFiles, PartitionRef, PurgeManifest } from './lake-files';
import { partitionsHoldingSql, rowsWithoutSql } from './purge-sql';

const STAGING = '.purge';
const MANIFEST = 'manifest.json';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export class LocalLakeFiles implements LakeFiles {
  /** `analyticsDir` holds one directory per kind (localAnalyticsDir's parent) */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly analyticsDir: string,
  ) {}

  private partitionDir({ kind, dt }: PartitionRef): string {
    return join(this.analyticsDir, kind, `${PARTITION_COLUMN}=${dt}`);
  }

  private stagingDir({ kind, dt }: PartitionRef): string {
    return join(this.analyticsDir, STAGING, kind, `${PARTITION_COLUMN}=${dt}`);
  }

  async list(partition: PartitionRef): Promise<string[]> {
    const dir = this.partitionDir(partition);
    if (!existsSync(dir)) return [];
    return (await readdir(dir))
      .filter((name) => name.endsWith('.parquet'))
      .sort()
      .map((name) => join(dir, name));
  }

  async partitionsHolding(kind: AnalyticsKind, taskerId: string): Promise<string[]> {
    const kindDir = join(this.analyticsDir, kind);
    if (!existsSync(kindDir)) return [];
    const partitions = (await readdir(kindDir)).filter((name) => name.startsWith(`${PARTITION_COLUMN}=`));
    const anyFile = await Promise.all(partitions.map(async (name) => (await readdir(join(kindDir, name))).some((f) => f.endsWith('.parquet'))));
    // DuckDB fails on a glob that matches nothing: an empty kind holds nobody
    if (!anyFile.some(Boolean)) return [];
    const table = duckDbDialect({ kind: 'parquet', dir: join(this.analyticsDir, 'responses') }).table(kind);
    return (await queryRows(this.connection, partitionsHoldingSql(table, taskerId))).map((row) => String(row[PARTITION_COLUMN]));
  }

  async stageWithout(partition: PartitionRef, files: readonly string[], taskerId: string): Promise<string[]> {
    if (files.length === 0) return [];
    const source = `read_parquet([${files.map(stringLiteral).join(', ')}], hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': VARCHAR})`;
    const rows = rowsWithoutSql(partition.kind, source, partition.dt, taskerId);
    const [left] = await queryRows(this.connection, `SELECT count(*) AS n FROM (${rows})`);
    if (Number(left?.n ?? 0) === 0) return [];
    const dir = this.stagingDir(partition);
    await mkdir(dir, { recursive: true });
    const staged = join(dir, `purged-${randomUUID()}.parquet`);
    await this.connection.run(`COPY (${rows}) TO ${stringLiteral(staged)} (FORMAT PARQUET)`);
    return [staged];
  }

  async publish(partition: PartitionRef, staged: string): Promise<void> {
    const target = join(this.partitionDir(partition), basename(staged));
    try {
      await mkdir(this.partitionDir(partition), { recursive: true });
      await rename(staged, target);
    } catch (error) {
      // moved by an earlier attempt: nothing to do; gone from both places would be a lost file, never ignored
      if (!(isMissing(error) && existsSync(target))) throw error;
    }
  }

  async remove(files: readonly string[]): Promise<void> {
    for (const file of files) {
      try {
        await unlink(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    // a partition left without files goes too (an empty dt= directory would still be listed)
    for (const dir of new Set(files.map((file) => dirname(file)))) await rmdir(dir).catch(() => undefined);
  }

  async writeManifest(manifest: PurgeManifest): Promise<void> {
    const dir = this.stagingDir(manifest);
    await mkdir(dir, { recursive: true });
    // write then rename: a crash leaves the old manifest or the new one, never half of one
    const temporary = join(dir, `${MANIFEST}.${randomUUID()}.tmp`);
    await writeFile(temporary, JSON.stringify(manifest));
    await rename(temporary, join(dir, MANIFEST));
  }

  async pendingManifests(): Promise<PurgeManifest[]> {
    const root = join(this.analyticsDir, STAGING);
    if (!existsSync(root)) return [];
    const manifests: PurgeManifest[] = [];
    for (const kind of await readdir(root)) {
      for (const partition of await readdir(join(root, kind))) {
        const file = join(root, kind, partition, MANIFEST);
        if (existsSync(file)) manifests.push(JSON.parse(await readFile(file, 'utf8')) as PurgeManifest);
      }
    }
    return manifests;
  }

  async deleteManifest(partition: PartitionRef): Promise<void> {
    await rm(this.stagingDir(partition), { recursive: true, force: true });
  }
}
