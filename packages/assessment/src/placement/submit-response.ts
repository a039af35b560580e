import { summarize, type SessionSummary } from '@theta/irt';
import { errorTagFor, scoreAnswer } from '../bank/scoring';
import { ConflictError } from '../errors';
import type { PublishedBank } from '../catalog/published-bank';
import { catConfigFor } from './cat-config';
import type { PlacementDeps } from './deps';
import { answerStep } from './cat-step';
import { resultOf } from './result';
import { requireActiveSession } from './load-session';
import { idleDeadline } from './session-clock';

import type { DomainEvent, PlacementResult, PlacementSession, ProficiencyRecord, ResponseRecord, TrackAssignment } from './types';
import { itemView, progressOf, type ItemView, type Progress } from './views';

export interface SubmitResponseInput {
  placementId: string;
  taskerId: string;
  itemId: string;
  answer: string;
  elapsedMs?: number;
}

export type SubmitResponseOutput =
  | { placementId: string; status: 'in-progress'; item: ItemView; progress: Progress }
  | { placementId: string; status: 'completed'; result: TaskerResultView };

/** What the tasker learns at the end: their track and per-skill estimates — no keys, no item parameters. */
export interface TaskerResultView {
  track: string;
  reason: string;
  skills: PlacementResult['skills'];
  itemsUsed: number;
}

async function complete(deps: PlacementDeps, session: PlacementSession, next: PlacementSession, response: ResponseRecord, bank: PublishedBank, summary: SessionSummary) {
  const now = deps.now();
  const result = resultOf(bank, summary, now);
  const completed: PlacementSession = { ...next, status: 'completed', result };
  delete completed.currentItemId;
  const at = now.toISOString();
  const projectId = bank.blueprint.projectId;
  const blueprint = { id: session.blueprintId, version: session.blueprintVersion };
  const source = { kind: 'placement' as const, id: session.id, blueprintId: blueprint.id, blueprintVersion: blueprint.version, ...(projectId ? { projectId } : {}) };
  const proficiency: ProficiencyRecord[] = Object.entries(result.skills).map(([skill, s]) => ({ skill, theta: s.theta, se: s.se, measuredAt: at, source }));
  const track: TrackAssignment = {
    track: result.track,
    reason: result.trackReason,
    rule: result.trackRule,
    assignedAt: at,
    assignedBy: 'placement',
    placementId: session.id,
    ...(projectId ? { projectId } : {}),
  };
  const event: DomainEvent = {
    id: deps.newId(),
    type: 'tasker.placed',
    taskerId: session.taskerId,
    at,
    detail: { placementId: session.id, track: result.track, rule: result.trackRule, blueprint, ...(projectId ? { projectId } : {}), skills: result.skills },
  };
  const project = projectId ? { projectId, blueprint, track, skills: result.skills } : undefined;
  await deps.placements.completePlacement({
    session: completed,
    expectedVersion: session.version,
    response,
    seenItems: completed.cat.items,
    completedAt: at,
    proficiency,
    track,
    ...(project ? { project } : {}),
    event,
  });
  return result;
}

export async function submitResponse(deps: PlacementDeps, input: SubmitResponseInput): Promise<SubmitResponseOutput> {
  const session = await requireActiveSession(deps, input.placementId, { sub: input.taskerId, staff: false });
  if (session.status === 'completed') throw new ConflictError('placement_completed', 'this placement is already complete');
  if (input.itemId !== session.currentItemId) {
    throw new ConflictError('not_current_item', 'answers are accepted only for the current item', { currentItemId: session.currentItemId });
  }
  const bank = await deps.banks.get(session.blueprintId, session.blueprintVersion);
  const secure = await deps.items.secure(bank, input.itemId);
  const score = scoreAnswer(secure, input.answer);
  const errorTag = errorTagFor(secure, input.answer);

  const config = catConfigFor(bank.blueprint, bank.snapshot, session.skills);
  const step = answerStep(bank, config, session.id, session.cat, input.itemId, score);
  const now = deps.now();
  const response: ResponseRecord = {
    placementId: session.id,
    seq: step.state.items.length,
    itemId: input.itemId,
    answer: input.answer,
    score,
    ...(errorTag ? { errorTag } : {}),
    ...(input.elapsedMs === undefined ? {} : { elapsedMs: input.elapsedMs }),
    at: now.toISOString(),
  };
  const advanced: PlacementSession = {
    ...session,
    cat: step.state,
    version: session.version + 1,
    updatedAt: now.toISOString(),
    idleDeadline: idleDeadline(now, bank.blueprint.idleTimeoutMinutes),
  };

  if ('itemId' in step) {
    const content = await deps.items.content(bank, step.itemId);
    const next: PlacementSession = { ...advanced, currentItemId: step.itemId };
    await deps.placements.recordResponse(next, session.version, response);
    return { placementId: session.id, status: 'in-progress', item: itemView(step.itemId, content), progress: progressOf(next, config.stopping.maxItems) };
  }

  const result = await complete(deps, session, advanced, response, bank, summarize(step.state, config));
  return {
    placementId: session.id,
    status: 'completed',
    result: { track: result.track, reason: result.trackReason, skills: result.skills, itemsUsed: result.itemsUsed },
  };
}
