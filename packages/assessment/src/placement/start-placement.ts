import { ConflictError, TooManyRequestsError } from '../errors';
import { count } from '../text/plural';
import { catConfigFor, skillsToMeasure } from './cat-config';
import type { PlacementDeps } from './deps';
import { firstStep } from './cat-step';
import { withEngineErrors } from './engine-errors';
import { expireIfIdle } from './load-session';
import type { RetakeLedger, TaskerPlacements } from './ports';
import { planPilot } from './pilot';
import { idleDeadline } from './session-clock';
import type { PlacementSession, TaskerProfile } from './types';
import { itemView, progressOf, type ItemView, type Progress } from './views';

export const DEFAULT_PLACEMENT_BLUEPRINT = 'general-placement';

export interface StartPlacementInput {
  taskerId: string;
  profile: TaskerProfile;
  blueprintId?: string;
}

export interface StartPlacementOutput {
  placementId: string;
  status: 'in-progress';
  blueprint: { id: string; version: number };
  skills: string[];
  item: ItemView;
  progress: Progress;
  idleDeadline: string;
}

/** Frees the tasker's slot if its placement went idle; returns the slot to build on. One active placement per tasker, any blueprint. */
async function slotWithoutIdleSession(deps: PlacementDeps, taskerId: string): Promise<TaskerPlacements | undefined> {
  const slot = await deps.placements.getTaskerPlacements(taskerId);
  if (!slot?.activePlacementId) return slot;
  const active = await deps.placements.getPlacement(slot.activePlacementId);
  if (active && active.status === 'in-progress') {
    const after = await expireIfIdle(deps, active);
    if (after.status === 'in-progress') {
      throw new ConflictError('placement_in_progress', 'this tasker already has a placement in progress', { placementId: active.id, blueprintId: active.blueprintId });
    }
  }
  return deps.placements.getTaskerPlacements(taskerId);
}

/** The retake policy of a blueprint counts only that blueprint's attempts (its own ledger). */
function enforceRetakePolicy(ledger: RetakeLedger | undefined, retake: { cooldownHours: number; maxAttempts: number }, now: Date): void {
  if (!ledger) return;
  if (ledger.attempts >= retake.maxAttempts) {
    throw new ConflictError('retake_limit_reached', `this tasker has used ${retake.maxAttempts === 1 ? 'the only attempt' : `all ${count(retake.maxAttempts, 'attempt')}`} of blueprint '${ledger.blueprintId}'`, {
      attempts: ledger.attempts,
      maxAttempts: retake.maxAttempts,
    });
  }
  if (ledger.lastCompletedAt) {
    const allowedAt = Date.parse(ledger.lastCompletedAt) + retake.cooldownHours * 3600_000;
    if (now.getTime() < allowedAt) {
      const seconds = Math.ceil((allowedAt - now.getTime()) / 1000);
      throw new TooManyRequestsError('retake_cooldown', `the next attempt is allowed at ${new Date(allowedAt).toISOString()}`, seconds, {
        retryAt: new Date(allowedAt).toISOString(),
      });
    }
  }
}

export async function startPlacement(deps: PlacementDeps, input: StartPlacementInput): Promise<StartPlacementOutput> {
  // the slot first: a re-assessment ops scheduled there names the blueprint when the caller names none
  const slot = await slotWithoutIdleSession(deps, input.taskerId);
  const scheduled = slot?.scheduled;
  const blueprintId = input.blueprintId ?? scheduled?.blueprintId ?? DEFAULT_PLACEMENT_BLUEPRINT;
  const [bank, ledger] = await Promise.all([deps.banks.latest(blueprintId), deps.placements.getRetakeLedger(input.taskerId, blueprintId)]);
  const { blueprint, snapshot } = bank;
  const reassessment = scheduled?.blueprintId === blueprintId ? scheduled : undefined;
  const now = deps.now();
  enforceRetakePolicy(ledger, blueprint.retake, now);

  const skills = skillsToMeasure(blueprint, input.profile);
  const config = withEngineErrors(() => catConfigFor(blueprint, snapshot, skills));
  const placementId = deps.newId();
  const next = firstStep(bank, config, placementId, slot?.seenItems ?? []);
  const pilot = planPilot(bank, config, placementId, slot?.seenItems ?? []);
  const content = await deps.items.content(bank, next.itemId);

  const createdAt = now.toISOString();
  const session: PlacementSession = {
    id: placementId,
    taskerId: input.taskerId,
    blueprintId: blueprint.id,
    blueprintVersion: blueprint.version,
    snapshotVersion: snapshot.snapshotVersion,
    profile: input.profile,
    skills,
    status: 'in-progress',
    cat: next.state,
    currentItemId: next.itemId,
    // the start reply serves the first item (docs/blueprints.md, "Time per item")
    currentItemShownAt: createdAt,
    ...(pilot ? { pilot } : {}),
    version: 1,
    createdAt,
    updatedAt: createdAt,
    idleDeadline: idleDeadline(now, blueprint.idleTimeoutMinutes),
    ...(reassessment ? { reassessment: { reason: reassessment.reason, scheduledBy: reassessment.scheduledBy, scheduledAt: reassessment.scheduledAt } } : {}),
  };
  const placements: TaskerPlacements = {
    taskerId: input.taskerId,
    activePlacementId: placementId,
    activeBlueprintId: blueprint.id,
    activeIdleDeadline: session.idleDeadline,
    seenItems: slot?.seenItems ?? [],
    version: (slot?.version ?? 0) + 1,
    // this placement consumes the scheduled re-assessment; another blueprint's leaves it for the next start
    ...(scheduled && !reassessment ? { scheduled } : {}),
  };
  const attempt: RetakeLedger = {
    taskerId: input.taskerId,
    blueprintId: blueprint.id,
    attempts: (ledger?.attempts ?? 0) + 1,
    ...(ledger?.lastCompletedAt ? { lastCompletedAt: ledger.lastCompletedAt } : {}),
    version: (ledger?.version ?? 0) + 1,
  };
  await deps.placements.startPlacement({ session, placements, ledger: attempt });
  return {
    placementId,
    status: 'in-progress',
    blueprint: { id: blueprint.id, version: blueprint.version },
    skills,
    item: itemView(next.itemId, content),
    progress: progressOf(session, bank, config),
    idleDeadline: session.idleDeadline,
  };
}
