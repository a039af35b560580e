import type {
  DomainEvent,
  PlacementResult,
  PlacementSession,
  ProficiencyRecord,
  ResponseRecord,
  TrackAssignment,
} from './types';

/**
 * The tasker's placement slot, one per tasker across all blueprints, read with a strongly consistent get.
 * "One active placement at a time" is enforced by a conditional write on it (not by an eventually
 * consistent index query), and it holds every item the tasker has seen: placement items are secure, so
 * an item seen in any placement is never shown to that tasker again, whatever the blueprint.
 */
export interface TaskerPlacements {
  taskerId: string;
  activePlacementId?: string;
  activeBlueprintId?: string;
  activeIdleDeadline?: string;
  /** items this tasker has seen in any placement of any blueprint: never shown again */
  seenItems: string[];
  /** 1 when first written; a write at version n is conditional on the stored n − 1 (or absence) */
  version: number;
  /** a re-assessment ops scheduled: the next placement started without a blueprint id uses it (and consumes it) */
  scheduled?: ScheduledReassessment;
}

export interface ScheduledReassessment {
  blueprintId: string;
  reason: string;
  scheduledBy: string;
  scheduledAt: string;
}

/** The retake ledger of one (tasker, blueprint): that blueprint's retake policy counts only its own attempts. */
export interface RetakeLedger {
  taskerId: string;
  blueprintId: string;
  attempts: number;
  lastCompletedAt?: string;
  /** as TaskerPlacements.version */
  version: number;
}

export interface StartPlacementWrite {
  session: PlacementSession;
  /** the slot with this placement active, at the stored version + 1 */
  placements: TaskerPlacements;
  /** the blueprint's ledger with this attempt counted, at the stored version + 1 */
  ledger: RetakeLedger;
}

/** A project blueprint's result: the tasker's qualification for that project, kept apart from their general track. */
export interface ProjectQualification {
  projectId: string;
  blueprint: { id: string; version: number };
  track: TrackAssignment;
  skills: PlacementResult['skills'];
}

export interface CompletePlacementWrite {
  session: PlacementSession;
  expectedVersion: number;
  response: ResponseRecord;
  /** the placement's items: added to the tasker's seen items as the slot is released (only if it holds this placement) */
  seenItems: string[];
  /** the completion time the blueprint's retake ledger records (its cooldown starts here) */
  completedAt: string;
  /** every measurement goes to the history; general (non-project) ones also become the current proficiency */
  proficiency: ProficiencyRecord[];
  /** absent when the placement is withheld (not routed): then no proficiency, history, track or qualification */
  track?: TrackAssignment;
  /** set for a project blueprint: the result is stored as this project's qualification, not as the general track */
  project?: ProjectQualification;
  event: DomainEvent;
}

/** Storage for placement sessions. Every write is conditional; a lost race raises ConflictError(PLACEMENT_CHANGED). */
export interface PlacementStore {
  getTaskerPlacements(taskerId: string): Promise<TaskerPlacements | undefined>;
  getRetakeLedger(taskerId: string, blueprintId: string): Promise<RetakeLedger | undefined>;
  /** puts the new session, takes the tasker's slot and counts the attempt, iff neither record changed since read */
  startPlacement(write: StartPlacementWrite): Promise<void>;
  getPlacement(id: string): Promise<PlacementSession | undefined>;
  /** records one response and the advanced session, iff the session is still at `expectedVersion` */
  recordResponse(session: PlacementSession, expectedVersion: number, response: ResponseRecord): Promise<void>;
  /** result, proficiency, track (or project qualification), slot, ledger and the `tasker.placed` event in one transaction */
  completePlacement(write: CompletePlacementWrite): Promise<void>;
  /** marks an idle session expired, releases the tasker's slot and adds `shownItems` to the items they have seen */
  expirePlacement(session: PlacementSession, expectedVersion: number, shownItems: string[]): Promise<void>;
  listResponses(placementId: string): Promise<ResponseRecord[]>;
  /** the tasker's placements, newest first, at most `limit` (from the tasker's index: a moment stale at most) */
  listPlacementsOfTasker(taskerId: string, limit: number): Promise<PlacementSession[]>;
  /**
   * Slots holding a placement whose recorded idle deadline is before `before` (ISO), oldest first, at most `limit`.
   * From an index, so possibly a moment stale: act on the session read by key, never on this alone.
   */
  listOverdueSlots(before: string, limit: number): Promise<TaskerPlacements[]>;
  /** records the placement's moved idle deadline on the slot, iff the slot still holds it */
  moveSlotDeadline(taskerId: string, placementId: string, idleDeadline: string): Promise<void>;
  /** frees a slot whose placement is over or gone, iff the slot still holds it */
  releaseSlot(taskerId: string, placementId: string): Promise<void>;
  /** sets (or replaces) the slot's scheduled re-assessment, bumping its version (a start that read the slot before loses its race) */
  scheduleReassessment(taskerId: string, scheduled: ScheduledReassessment): Promise<void>;
  /** removes it; false when there was none */
  cancelReassessment(taskerId: string): Promise<boolean>;
}

export interface TaskerView {
  taskerId: string;
  /** the general-placement track (project blueprints never replace it) */
  track?: TrackAssignment;
  /** qualifications from project blueprints, one per project (the latest) */
  projects: ProjectQualification[];
  proficiency: ProficiencyRecord[];
  history: ProficiencyRecord[];
}

export interface TaskerStore {
  getTasker(taskerId: string): Promise<TaskerView | undefined>;
  listEvents(taskerId: string): Promise<DomainEvent[]>;
}
