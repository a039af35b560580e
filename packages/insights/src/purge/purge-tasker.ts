// Removes an erased tasker's rows from the analytics lake (docs/security.md, "The analytics lake"): for each kind,
// each partition holding their rows is rewritten without them (staged first, then swapped in under a manifest), so
// the lake keeps everyone else's rows and nothing of theirs. Engine-neutral: LakeFiles is S3 + Athena in AWS, the
// local dataset + DuckDB on one machine.
import { ANALYTICS_KINDS, type AnalyticsKind } from '../schema';
import type { LakeFiles, PartitionRef, PurgeManifest } from './lake-files';

export interface LakePurgeInput {
  taskerId: string;
  /** the erasure it serves (`tasker.erased` detail.id) */
  erasureId: string;
}

export interface LakePurgeOptions {
  kinds?: readonly AnalyticsKind[];
  /** no new partition is started after this instant (ms): a Lambda stops inside its timeout and the retry goes on */
  deadlineMs?: number;
  now?: () => number;
}

export interface RewrittenPartition extends PartitionRef {
  filesReplaced: number;
  filesWritten: number;
}

export interface LakePurgeResult {
  erasureId: string;
  /** rewrites a crashed run left, finished first */
  resumed: PartitionRef[];
  rewritten: RewrittenPartition[];
  /** true when no partition of any kind holds a row of the tasker any more */
  complete: boolean;
}

/** a rewrite's last steps, safe to repeat: staged files in, replaced files out, manifest gone */
async function finish(lake: LakeFiles, manifest: PurgeManifest): Promise<void> {
  for (const staged of manifest.staged) await lake.publish(manifest, staged);
  await lake.remove(manifest.replaced);
  await lake.deleteManifest(manifest);
}

export async function purgeTaskerFromLake(input: LakePurgeInput, lake: LakeFiles, options: LakePurgeOptions = {}): Promise<LakePurgeResult> {
  const now = options.now ?? Date.now;
  const pastDeadline = () => options.deadlineMs !== undefined && now() >= options.deadlineMs;
  // finish what a crashed run left before looking for the tasker: a half-swapped partition holds its rows twice
  // (old and staged files), and rewriting it again would copy everyone else's rows twice
  const resumed: PartitionRef[] = [];
  for (const manifest of await lake.pendingManifests()) {
    await finish(lake, manifest);
    resumed.push({ kind: manifest.kind, dt: manifest.dt });
  }
  const rewritten: RewrittenPartition[] = [];
  let complete = true;
  for (const kind of options.kinds ?? ANALYTICS_KINDS) {
    for (const dt of await lake.partitionsHolding(kind, input.taskerId)) {
      if (pastDeadline()) {
        complete = false;
        break;
      }
      const partition = { kind, dt };
      // the files as listed now are what is replaced: a file delivered after this is neither copied nor deleted
      const replaced = await lake.list(partition);
      const staged = await lake.stageWithout(partition, replaced, input.taskerId);
      const manifest = { ...partition, erasureId: input.erasureId, replaced, staged };
      await lake.writeManifest(manifest);
      await finish(lake, manifest);
      rewritten.push({ ...partition, filesReplaced: replaced.length, filesWritten: staged.length });
    }
    if (!complete) break;
  }
  // rows delivered during the run (the stream lags the erasure) are caught by the retry: say so, never claim done
  if (complete) {
    for (const kind of options.kinds ?? ANALYTICS_KINDS) {
      if ((await lake.partitionsHolding(kind, input.taskerId)).length > 0) complete = false;
    }
  }
  return { erasureId: input.erasureId, resumed, rewritten, complete };
}
