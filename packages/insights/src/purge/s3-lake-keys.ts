// Where a lake purge keeps its work in the analytics bucket, and the Athena statements it sends: pure, so they are
// tested as text (tests cannot reach S3 or Athena); s3-athena-lake-files.ts only sends them.
import { type AnalyticsKind, PARTITION_COLUMN } from '../schema';
import { stringLiteral } from '../sql/dialect';
import type { PartitionRef } from './lake-files';
import { rowsWithoutSql } from './purge-sql';

/** everything of a purge lives under this prefix, outside every table's location (a lifecycle rule expires leftovers) */
export const PURGE_PREFIX = 'lake-purge/';
/** Athena's query text limit is 256 KiB: the files of a partition are unloaded in groups this size */
export const FILES_PER_UNLOAD = 500;

export function partitionPrefix({ kind, dt }: PartitionRef): string {
  return `${kind}/${PARTITION_COLUMN}=${dt}/`;
}

export function stagingPrefix({ kind, dt }: PartitionRef, runId: string): string {
  return `${PURGE_PREFIX}staged/${kind}/${PARTITION_COLUMN}=${dt}/${runId}/`;
}

export const MANIFESTS_PREFIX = `${PURGE_PREFIX}manifests/`;

export function manifestKey({ kind, dt }: PartitionRef): string {
  return `${MANIFESTS_PREFIX}${kind}/${PARTITION_COLUMN}=${dt}.json`;
}

/** the key a staged object takes in its partition: named by the run and its file, so a repeated move is the same move */
export function publishedKey(partition: PartitionRef, stagedKey: string): string {
  const staging = `${PURGE_PREFIX}staged/${partition.kind}/${PARTITION_COLUMN}=${partition.dt}/`;
  if (!stagedKey.startsWith(staging)) throw new Error(`staged key ${stagedKey} is not under ${staging}`);
  return `${partitionPrefix(partition)}purged-${stagedKey.slice(staging.length).replaceAll('/', '-')}`;
}

export interface UnloadTarget {
  bucket: string;
  /** `"database"."table"` of the kind (athenaDialect().table) */
  table: string;
  kind: AnalyticsKind;
  dt: string;
  taskerId: string;
  /** the partition's objects as listed: only their rows are copied */
  keys: readonly string[];
  /** the staging prefix (stagingPrefix) */
  prefix: string;
}

/** UNLOAD statements writing the partition's rows without the tasker's, one per group of listed files */
export function unloadStatements(target: UnloadTarget): string[] {
  const statements: string[] = [];
  for (let i = 0; i < target.keys.length; i += FILES_PER_UNLOAD) {
    const paths = target.keys.slice(i, i + FILES_PER_UNLOAD).map((key) => stringLiteral(`s3://${target.bucket}/${key}`));
    // "$path" restricts the read to the listed objects: one Firehose delivers meanwhile is neither copied nor deleted
    const source = `(SELECT * FROM ${target.table} WHERE ${PARTITION_COLUMN} = ${stringLiteral(target.dt)} AND "$path" IN (${paths.join(', ')}))`;
    const location = stringLiteral(`s3://${target.bucket}/${target.prefix}group-${i / FILES_PER_UNLOAD}/`);
    statements.push(`UNLOAD (${rowsWithoutSql(target.kind, source, target.dt, target.taskerId)}) TO ${location} WITH (format = 'PARQUET', compression = 'SNAPPY')`);
  }
  return statements;
}
