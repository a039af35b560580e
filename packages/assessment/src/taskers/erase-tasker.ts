// Erasing a tasker (the privacy request, docs/security.md "Privacy"): every record of theirs is deleted, the track
// audit is kept under a stable pseudonym, and the erasure itself is audited and announced (`tasker.erased`).
// Bounded per call: a tasker with more records than one call's write budget answers `in-progress` and the next call
// (a retry) continues.
import { createHmac } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { erasureAnnouncement, type AnnounceErased } from './erasure-announcement';
import { ERASURE_CHANGED, NO_COUNTS, type ErasureCounts, type ErasureRecord, type TaskerErasureStore } from './erasure-port';

export * from './erasure-announcement';
export * from './erasure-port';

/**
 * `erased-` + 32 hex of HMAC-SHA256(key, taskerId): the same tasker always gets the same pseudonym (so a retry finds
 * its marker and the audit stays one partition); without the key it cannot be computed from a guessed id.
 */
export function taskerPseudonym(taskerId: string, key: string): string {
  return `erased-${createHmac('sha256', key).update(taskerId, 'utf8').digest('hex').slice(0, 32)}`;
}

const PSEUDONYM = /^erased-[0-9a-f]{32}$/;

/** writes one call may spend before answering `in-progress` (25 per BatchWriteItem: 80 batches, a few seconds) */
export const ERASURE_WRITE_BUDGET = 2000;
/** passes over the records per call: a record written while we erase (a start racing the erasure) is caught */
const MAX_PASSES = 3;

export interface EraseTaskerDeps {
  erasures: TaskerErasureStore;
  pseudonymKey: string;
  /** the `tasker.erased` event, published once nothing is left and before the completion commits */
  announceErased: AnnounceErased;
  now?: () => Date;
  writeBudget?: number;
}

export interface EraseTaskerResult {
  erasure: ErasureRecord;
  /** false: a retry of a completed erasure, answered from its marker with nothing written */
  wrote: boolean;
}

const sum = (a: ErasureCounts, b: ErasureCounts): ErasureCounts => ({
  sessions: a.sessions + b.sessions,
  sessionRecords: a.sessionRecords + b.sessionRecords,
  taskerRecords: a.taskerRecords + b.taskerRecords,
  otherRecords: a.otherRecords + b.otherRecords,
  auditEntriesKept: a.auditEntriesKept + b.auditEntriesKept,
});

const writesOf = (c: ErasureCounts): number => c.sessions + c.sessionRecords + c.taskerRecords + c.otherRecords + c.auditEntriesKept;

async function currentRound(taskerId: string, pseudonym: string, requestedBy: string, deps: EraseTaskerDeps, at: string): Promise<{ record: ErasureRecord; replay: boolean }> {
  const existing = await deps.erasures.getErasure(pseudonym);
  if (existing?.status === 'in-progress') return { record: existing, replay: false };
  const left = await deps.erasures.hasRecords(taskerId);
  if (existing && !left) return { record: existing, replay: true };
  // the same 404 as any unknown id: an id never seen and never erased
  if (!existing && !left) throw new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  const record: ErasureRecord = { pseudonym, round: (existing?.round ?? 0) + 1, status: 'in-progress', requestedBy, requestedAt: at, updatedAt: at, counts: NO_COUNTS };
  await deps.erasures.beginRound(record, existing?.round);
  return { record, replay: false };
}

/**
 * Erases `taskerId`, or continues an erasure in progress. `completed` when nothing of the tasker is left (the marker,
 * the pseudonymised audit and the erasure's own audit entry remain); `in-progress` when the write budget ran out.
 * Two concurrent calls both erase (every step is idempotent); the marker's writes are conditional on its round.
 */
export async function eraseTasker(input: { taskerId: string; requestedBy: string }, deps: EraseTaskerDeps): Promise<EraseTaskerResult> {
  // the pseudonym's partition is what an erasure keeps: erasing it would delete the audit
  if (PSEUDONYM.test(input.taskerId)) throw new UnprocessableError('erased_pseudonym', `path.id: '${input.taskerId}' is the pseudonym of an erased tasker; its audit is kept`, { field: 'path.id' });
  const now = deps.now ?? (() => new Date());
  const pseudonym = taskerPseudonym(input.taskerId, deps.pseudonymKey);
  let round: { record: ErasureRecord; replay: boolean };
  try {
    round = await currentRound(input.taskerId, pseudonym, input.requestedBy, deps, now().toISOString());
  } catch (error) {
    // another call began the round first: continue it
    if (!(error instanceof ConflictError) || error.code !== ERASURE_CHANGED) throw error;
    round = await currentRound(input.taskerId, pseudonym, input.requestedBy, deps, now().toISOString());
  }
  if (round.replay) return { erasure: round.record, wrote: false };

  let record = round.record;
  let budget = deps.writeBudget ?? ERASURE_WRITE_BUDGET;
  // this call's counts not yet added to the marker (ADD: concurrent calls both count)
  let unrecorded = NO_COUNTS;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const step = await deps.erasures.eraseStep(input.taskerId, pseudonym, budget);
    record = { ...record, counts: sum(record.counts, step.counts), updatedAt: now().toISOString() };
    unrecorded = sum(unrecorded, step.counts);
    budget -= writesOf(step.counts);
    if (!step.done || budget <= 0) break;
    if (await deps.erasures.hasRecords(input.taskerId)) continue;
    const completed: ErasureRecord = { ...record, status: 'completed', completedAt: record.updatedAt };
    try {
      // announced before the completion commits: a completed erasure has always been announced, and a failed publish
      // leaves the round in progress, so the next call publishes again (consumers dedupe on the id)
      await deps.announceErased(erasureAnnouncement(input.taskerId, completed));
    } catch (error) {
      // this call's counts go on the marker all the same; the publish failure is the error to report
      await deps.erasures.recordProgress(pseudonym, record.round, unrecorded, record.updatedAt).catch(() => undefined);
      throw error;
    }
    try {
      await deps.erasures.completeRound(completed);
      return { erasure: completed, wrote: true };
    } catch (error) {
      // a concurrent call completed this round first: its marker is the answer
      if (!(error instanceof ConflictError) || error.code !== ERASURE_CHANGED) throw error;
      const stored = await deps.erasures.getErasure(pseudonym);
      if (!stored) throw error;
      return { erasure: stored, wrote: true };
    }
  }
  // the budget ran out, or records kept appearing (the tasker still active): the next call continues
  await deps.erasures.recordProgress(pseudonym, record.round, unrecorded, record.updatedAt);
  return { erasure: record, wrote: true };
}
