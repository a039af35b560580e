// The port a lake purge runs through: a kind's partitions as files (S3 objects under `<kind>/dt=…/`, or the local
// dataset's files), a staging area for rewritten files, and one manifest per partition being rewritten, which makes
// a crashed rewrite resumable (docs/security.md, "The analytics lake").
import type { AnalyticsKind } from '../schema';

export interface PartitionRef {
  kind: AnalyticsKind;
  dt: string;
}

/** a rewrite in flight: the files it replaces, the staged files that replace them */
export interface PurgeManifest extends PartitionRef {
  /** the erasure it serves (`tasker.erased` detail.id), for the logs */
  erasureId: string;
  replaced: string[];
  staged: string[];
}

export interface LakeFiles {
  /** the data files of a partition, as they are now */
  list(partition: PartitionRef): Promise<string[]>;
  /** the partitions of a kind holding a row of the tasker (a query over the kind's table) */
  partitionsHolding(kind: AnalyticsKind, taskerId: string): Promise<string[]>;
  /** writes the rows of `files` without the tasker's into the staging area; the staged files (none when no row is left) */
  stageWithout(partition: PartitionRef, files: readonly string[], taskerId: string): Promise<string[]>;
  /** moves a staged file into its partition (idempotent: a file already moved is left as it is) */
  publish(partition: PartitionRef, staged: string): Promise<void>;
  /** deletes data files (idempotent: a file already gone is fine) */
  remove(files: readonly string[]): Promise<void>;
  writeManifest(manifest: PurgeManifest): Promise<void>;
  /** the manifests left by rewrites that did not finish */
  pendingManifests(): Promise<PurgeManifest[]>;
  deleteManifest(partition: PartitionRef): Promise<void>;
}
