import type {
  DomainEvent,
  PlacementSession,
  ProficiencyRecord,
  ResponseRecord,
  TrackAssignment,
} from './types';

/**
 * Per-tasker attempt ledger, read with a strongly consistent get: the retake policy and
 * "one active placement at a time" are enforced by a conditional write on it, not by a
 * (eventually consistent) index query.
 */
export interface AttemptsRecord {
  taskerId: string;
  attempts: number;
  activePlacementId?: string;
  activeIdleDeadline?: string;
  lastCompletedAt?: string;
  /** items this tasker has seen in any placement: never shown again */
  seenItems: string[];
  version: number;
}

export interface CompletePlacementWrite {
  session: PlacementSession;
  expectedVersion: number;
  response: ResponseRecord;
  attempts: AttemptsRecord;
  proficiency: ProficiencyRecord[];
  track: TrackAssignment;
  event: DomainEvent;
}

/** Storage for placement sessions. Every write is conditional; a lost race raises ConflictError. */
export interface PlacementStore {
  getAttempts(taskerId: string): Promise<AttemptsRecord | undefined>;
  /** puts the new session and advances the ledger from `previousVersion` (undefined: no ledger yet) */
  startPlacement(session: PlacementSession, attempts: AttemptsRecord, previousVersion: number | undefined): Promise<void>;
  getPlacement(id: string): Promise<PlacementSession | undefined>;
  /** records one response and the advanced session, iff the session is still at `expectedVersion` */
  recordResponse(session: PlacementSession, expectedVersion: number, response: ResponseRecord): Promise<void>;
  /** result, proficiency, track, ledger and the `tasker.placed` event in one transaction */
  completePlacement(write: CompletePlacementWrite): Promise<void>;
  /** marks an idle session expired, releases the tasker's active slot and adds `shownItems` to the items they have seen */
  expirePlacement(session: PlacementSession, expectedVersion: number, shownItems: string[]): Promise<void>;
  listResponses(placementId: string): Promise<ResponseRecord[]>;
}

export interface TaskerView {
  taskerId: string;
  track?: TrackAssignment;
  proficiency: ProficiencyRecord[];
  history: ProficiencyRecord[];
}

export interface TaskerStore {
  getTasker(taskerId: string): Promise<TaskerView | undefined>;
  listEvents(taskerId: string): Promise<DomainEvent[]>;
}
