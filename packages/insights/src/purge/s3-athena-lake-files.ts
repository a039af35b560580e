// LakeFiles over the analytics bucket and Athena (AWS): partitions are S3 objects under `<kind>/dt=…/`, rewritten by
// UNLOAD into a staging prefix and copied in; manifests are objects under lake-purge/manifests/. The purge function
// runs one at a time (reserved concurrency 1), so no two purges rewrite a partition together.
import { randomUUID } from 'node:crypto';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CopyObjectCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AthenaEngineOptions, runAthenaSql } from '../engines/athena-engine';
import { type AnalyticsKind, PARTITION_COLUMN } from '../schema';
import { athenaDialect } from '../sql/dialect';
import type { LakeFiles, PartitionRef, PurgeManifest } from './lake-files';
import { partitionsHoldingSql } from './purge-sql';
import { manifestKey, MANIFESTS_PREFIX, partitionPrefix, publishedKey, stagingPrefix, unloadStatements } from './s3-lake-keys';

export interface S3AthenaLakeOptions extends AthenaEngineOptions {
  bucket: string;
  s3?: S3Client;
  athena?: AthenaClient;
}

const MAX_DELETE = 1000;

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

export class S3AthenaLakeFiles implements LakeFiles {
  private readonly s3: S3Client;
  private readonly athena: AthenaClient;
  constructor(private readonly options: S3AthenaLakeOptions) {
    this.s3 = options.s3 ?? new S3Client({});
    this.athena = options.athena ?? new AthenaClient({});
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  list(partition: PartitionRef): Promise<string[]> {
    return this.keysUnder(partitionPrefix(partition));
  }

  async partitionsHolding(kind: AnalyticsKind, taskerId: string): Promise<string[]> {
    const table = athenaDialect(this.options).table(kind);
    const rows = await runAthenaSql(this.athena, partitionsHoldingSql(table, taskerId), this.options, `partitions of ${kind}`);
    return rows.map((row) => String(row[PARTITION_COLUMN]));
  }

  async stageWithout(partition: PartitionRef, files: readonly string[], taskerId: string): Promise<string[]> {
    if (files.length === 0) return [];
    const prefix = stagingPrefix(partition, randomUUID());
    const table = athenaDialect(this.options).table(partition.kind);
    for (const sql of unloadStatements({ bucket: this.options.bucket, table, kind: partition.kind, dt: partition.dt, taskerId, keys: files, prefix })) {
      await runAthenaSql(this.athena, sql, this.options, `rewrite of ${partitionPrefix(partition)}`, false);
    }
    // UNLOAD writes no object when no row is left
    return this.keysUnder(prefix);
  }

  async publish(partition: PartitionRef, staged: string): Promise<void> {
    const target = publishedKey(partition, staged);
    const bucket = this.options.bucket;
    try {
      await this.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: target, CopySource: `${bucket}/${staged.split('/').map(encodeURIComponent).join('/')}` }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // moved by an earlier attempt (the staged copy is gone, the published one is there), or lost: never ignored
      await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: target }));
      return;
    }
    await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: staged }));
  }

  async remove(files: readonly string[]): Promise<void> {
    for (let i = 0; i < files.length; i += MAX_DELETE) {
      const objects = files.slice(i, i + MAX_DELETE).map((Key) => ({ Key }));
      const out = await this.s3.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: objects, Quiet: true } }));
      // deleting a missing key succeeds in S3; anything reported here is a real failure
      if (out.Errors && out.Errors.length > 0) throw new Error(`could not delete ${out.Errors.length} objects, first ${out.Errors[0]?.Key}: ${out.Errors[0]?.Code} ${out.Errors[0]?.Message ?? ''}`);
    }
  }

  async writeManifest(manifest: PurgeManifest): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: manifestKey(manifest), Body: JSON.stringify(manifest), ContentType: 'application/json' }));
  }

  async pendingManifests(): Promise<PurgeManifest[]> {
    const manifests: PurgeManifest[] = [];
    for (const key of await this.keysUnder(MANIFESTS_PREFIX)) {
      try {
        const object = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
        manifests.push(JSON.parse(await object.Body!.transformToString()) as PurgeManifest);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return manifests;
  }

  async deleteManifest(partition: PartitionRef): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: manifestKey(partition) }));
  }
}
