// What erasing a tasker needs from storage (docs/security.md, "Privacy"). The store finds every record by key or
// index Query, never a Scan, and each step is safe to repeat: a crash mid-way is finished by the next call.

/** Records an erasure removed, by where they lived. */
export interface ErasureCounts {
  /** placement and quiz sessions (their STATE rows) */
  sessions: number;
  /** the sessions' other rows: RESP# answers */
  sessionRecords: number;
  /** rows of the tasker's own partitions: PROFILE, HISTORY#, TRACK#, ENROLL#, QUALITY#, SEEN#, EVENT#, slot, ledgers… */
  taskerRecords: number;
  /** keys elsewhere that can name the tasker, deleted blind by key (found or not): bulk-reroute candidates, live rate counters */
  otherRecords: number;
  /** audit rows copied, anonymised, under the pseudonym */
  auditEntriesKept: number;
}

export const NO_COUNTS: ErasureCounts = { sessions: 0, sessionRecords: 0, taskerRecords: 0, otherRecords: 0, auditEntriesKept: 0 };

/**
 * The ERASURE marker, kept under the pseudonym (never the tasker id): who asked, when, progress. A `round` > 1 is an
 * erasure of records written after an earlier one completed (the id signed up again).
 */
export interface ErasureRecord {
  pseudonym: string;
  round: number;
  status: 'in-progress' | 'completed';
  requestedBy: string;
  requestedAt: string;
  updatedAt: string;
  completedAt?: string;
  counts: ErasureCounts;
}

export interface ErasureStep {
  /** true: every record found was erased within the budget */
  done: boolean;
  counts: ErasureCounts;
}

export interface TaskerErasureStore {
  getErasure(pseudonym: string): Promise<ErasureRecord | undefined>;
  /** whether any record of the tasker is still findable (a few one-row Queries) */
  hasRecords(taskerId: string): Promise<boolean>;
  /** the marker of a new round: absent, or still at `previousRound`; a lost race → ConflictError ERASURE_CHANGED */
  beginRound(record: ErasureRecord, previousRound: number | undefined): Promise<void>;
  /**
   * Copies the audit rows (anonymised) under the pseudonym, then deletes records in batches until none is left or
   * `writeBudget` writes are spent. Repeating it after a crash finishes the job.
   */
  eraseStep(taskerId: string, pseudonym: string, writeBudget: number): Promise<ErasureStep>;
  /** adds a step's counts to the marker of `round` (still in progress) */
  recordProgress(pseudonym: string, round: number, counts: ErasureCounts, at: string): Promise<void>;
  /**
   * One transaction: the marker completed (conditional on its round in progress), the pseudonym's PROFILE (so the
   * audit reads as any tasker's) and the audit entry of the erasure itself.
   */
  completeRound(record: ErasureRecord): Promise<void>;
}

export const ERASURE_CHANGED = 'erasure_changed';
