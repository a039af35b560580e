import type { CatState } from '@theta/irt';
import type { TrackDecision } from '../routing/decide-track';
import type { PilotPlan } from './pilot';

export type PlacementStatus = 'in-progress' | 'completed' | 'expired';

export interface TaskerProfile {
  declaredDomains: string[];
  /** optional: onboarding does not always know it; absent is stored as absent */
  educationLevel?: 'high-school' | 'bachelor' | 'master' | 'doctorate' | 'other';
}

export interface SkillResult {
  theta: number;
  se: number;
  ci95: [number, number];
  items: number;
  stopReason?: string;
}

export interface PlacementResult {
  skills: Record<string, SkillResult>;
  track: string;
  /** technical: rule, cuts, estimates, intervals (ops) */
  trackReason: string;
  /** plain language for the tasker (decideTrack's `summary`); absent on results completed before it existed */
  trackSummary?: string;
  trackRule: string;
  /** per-skill cut, interval and classification behind the track */
  decision: TrackDecision;
  stopReason: string;
  itemsUsed: number;
  completedAt: string;
  /**
   * set when the placement is not routed (its answers were mostly rapid guesses): no track, no proficiency is stored,
   * `track` is what the routing rules would have decided (for ops), never assigned
   */
  withheld?: { reason: string; rapidAnswers: number; scoredAnswers: number; minItemMs: number; maxRapidShare: number };
}

/** One placement attempt. `version` guards every write: a stale writer loses. */
export interface PlacementSession {
  id: string;
  taskerId: string;
  blueprintId: string;
  blueprintVersion: number;
  snapshotVersion: string;
  profile: TaskerProfile;
  skills: string[];
  status: PlacementStatus;
  cat: CatState;
  /** the item being shown; absent once complete */
  currentItemId?: string;
  /** when the server served the current item (its reply's time): the answer's time on the item starts here */
  currentItemShownAt?: string;
  /** scored answers faster than the blueprint's `timing.minItemMs` so far (absent: none) */
  rapidAnswers?: number;
  /** the blueprint's pilot items for this placement (unscored; `cat` never sees them): absent when none */
  pilot?: PilotPlan;
  /** the latest answer request: a retry of it is answered from the session without another read */
  lastRequest?: AnswerRequest;
  /**
   * a short digest of every Idempotency-Key an answer of this placement was recorded under (`requestKeyDigest`):
   * a key not in it was never used here, so only a used one costs a look at the responses
   */
  requestKeyDigests?: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** the session is idle-expired after this instant (ISO) */
  idleDeadline: string;
  result?: PlacementResult;
  /** set when this placement is the re-assessment ops scheduled (who, why, when) */
  reassessment?: { reason: string; scheduledBy: string; scheduledAt: string };
}

/**
 * What one answer request asked, under the client's idempotency key: a retry with the same key and the same
 * request gets the reply the answer got; the same key with another request is refused.
 */
export interface AnswerRequest {
  requestKey: string;
  itemId: string;
  answer: string;
  elapsedMs?: number;
  /** the answer's position in the placement (1 = first) */
  seq: number;
  /** the `progress.expectedItemsLeft` of the reply when it showed a next item: a late replay repeats it exactly */
  expectedItemsLeft?: number;
}

/** One recorded answer; its `requestKey` makes it the idempotency record of the request that gave it. */
export interface ResponseRecord extends AnswerRequest {
  placementId: string;
  score: number;
  /** server-measured time on the item: from serving it to receiving this answer (absent on rows before it existed) */
  serverElapsedMs?: number;
  /** faster than the blueprint's `timing.minItemMs` */
  rapid?: true;
  /** after the blueprint's `timing.maxItemMs`: scored 0 whatever the answer */
  timedOut?: true;
  /** an unscored pilot item: logged for calibration, never part of θ, routing or stopping */
  pilot?: true;
  errorTag?: string;
  at: string;
  /** response-log fields (FORMATS.md section 1; responseLogFields): absent on rows written before they existed */
  taskerId?: string;
  context?: 'placement' | 'reassessment';
  skill?: string;
  /** the skill's estimate before this answer */
  thetaBefore?: number;
  seBefore?: number;
}

export interface ProficiencyRecord {
  skill: string;
  theta: number;
  se: number;
  measuredAt: string;
  /** the placement that measured it; `projectId` when its blueprint is project-specific */
  source: { kind: 'placement'; id: string; blueprintId: string; blueprintVersion: number; projectId?: string };
}

export interface TrackAssignment {
  track: string;
  reason: string;
  rule: string;
  assignedAt: string;
  assignedBy: string;
  placementId?: string;
  /** set when a project blueprint assigned it (a project qualification, not the general track) */
  projectId?: string;
}

/** The outbox's event types (docs/data-model.md): a placement's routing, its withholding, a track move, a course's enrolment and its end. */
export const DOMAIN_EVENT_TYPES = ['tasker.placed', 'tasker.placement_withheld', 'tasker.track_changed', 'tasker.enrolled', 'tasker.course_completed'] as const;

export interface DomainEvent {
  id: string;
  type: (typeof DOMAIN_EVENT_TYPES)[number];
  taskerId: string;
  at: string;
  detail: Record<string, unknown>;
}
