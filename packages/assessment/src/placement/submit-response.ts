import { summarize, type SessionSummary } from '@theta/irt';
import { errorTagFor, scoreAnswer } from '../bank/scoring';
import { ConflictError, PLACEMENT_CHANGED } from '../errors';
import type { PublishedBank } from '../catalog/published-bank';
import { replayOf, requestKeyDigest, type AnswerAsked } from './answer-replay';
import { catConfigFor } from './cat-config';
import type { PlacementDeps } from './deps';
import { answerStep } from './cat-step';
import { resultOf } from './result';
import { assertActive, loadVisibleSession } from './load-session';
import { idleDeadline } from './session-clock';
import { answeredCount, answeredItems, currentPilot, nextShown } from './pilot';
import { recordPilotAnswer } from './pilot-answer';
import { responseLogFields } from './response-log-fields';
import { afterPlacementAnswer, type PlacementCompletionDeps } from '../remediation/completion-hooks';
import { timeAnswer, withheldVerdict } from './item-timing';

import type { DomainEvent, PlacementSession, ProficiencyRecord, ResponseRecord, TrackAssignment } from './types';
import { itemView, progressOf, taskerResultView, type SubmitResponseOutput } from './views';

export interface SubmitResponseInput extends AnswerAsked {
  placementId: string;
  taskerId: string;
}

export interface SubmitResponseResult {
  reply: SubmitResponseOutput;
  /** false when the request was a retry answered from what an earlier one recorded */
  recorded: boolean;
}

async function complete(deps: PlacementDeps, session: PlacementSession, next: PlacementSession, response: ResponseRecord, bank: PublishedBank, summary: SessionSummary) {
  const now = deps.now();
  const withheld = withheldVerdict(next.rapidAnswers ?? 0, summary.items, bank.blueprint.timing);
  const result = { ...resultOf(bank, summary, now), ...(withheld ? { withheld } : {}) };
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
  const common = { session: completed, expectedVersion: session.version, response, seenItems: answeredItems(completed), completedAt: at };
  if (withheld) {
    // not routed: the attempt counts and its items are seen, but no track, proficiency or qualification is stored
    const event: DomainEvent = { id: deps.newId(), type: 'tasker.placement_withheld', taskerId: session.taskerId, at, detail: { placementId: session.id, blueprint, ...withheld } };
    await deps.placements.completePlacement({ ...common, proficiency: [], event });
    return result;
  }
  const event: DomainEvent = {
    id: deps.newId(),
    type: 'tasker.placed',
    taskerId: session.taskerId,
    at,
    detail: { placementId: session.id, track: result.track, rule: result.trackRule, blueprint, ...(projectId ? { projectId } : {}), skills: result.skills },
  };
  const project = projectId ? { projectId, blueprint, track, skills: result.skills } : undefined;
  await deps.placements.completePlacement({ ...common, proficiency, track, ...(project ? { project } : {}), event });
  return result;
}

/**
 * Records the answer to the current item and moves the CAT on, exactly once per idempotency key: the key is written
 * with the answer in the session's transaction, so a retry (or a concurrent duplicate that lost the race) is answered
 * with the first reply and writes nothing.
 */
export async function submitResponse(deps: PlacementDeps & Pick<PlacementCompletionDeps, 'afterCompletion'>, input: SubmitResponseInput): Promise<SubmitResponseResult> {
  // active first (expired if idle, then 410): a retry after the deadline is told so, like any other submission
  const session = await assertActive(deps, await loadVisibleSession(deps, input.placementId, { sub: input.taskerId, staff: false }));
  const replay = await replayOf(deps, session, input);
  // a completion's follow-ups (course exit, remediation rules) run on a retry too: finished if the first attempt died
  if (replay) return { reply: await afterPlacementAnswer(deps, input.placementId, replay), recorded: false };
  try {
    return { reply: await afterPlacementAnswer(deps, input.placementId, await recordAnswer(deps, session, input)), recorded: true };
  } catch (error) {
    if (!(error instanceof ConflictError) || error.code !== PLACEMENT_CHANGED) throw error;
    // lost a race: if the winner was this same request, its reply is ours
    const stored = await deps.placements.getPlacement(input.placementId);
    const winner = stored ? await replayOf(deps, stored, input) : undefined;
    if (winner) return { reply: await afterPlacementAnswer(deps, input.placementId, winner), recorded: false };
    throw error;
  }
}

async function recordAnswer(deps: PlacementDeps, session: PlacementSession, input: SubmitResponseInput): Promise<SubmitResponseOutput> {
  if (session.status === 'completed') throw new ConflictError('placement_completed', 'this placement is already complete');
  if (input.itemId !== session.currentItemId) {
    throw new ConflictError('not_current_item', 'answers are accepted only for the current item', { currentItemId: session.currentItemId });
  }
  const bank = await deps.banks.get(session.blueprintId, session.blueprintVersion);
  const secure = await deps.items.secure(bank, input.itemId);
  const now = deps.now();
  const timing = timeAnswer(session, bank.blueprint.timing, now);
  // a timed-out item scores 0 whatever was chosen (and names no error: nothing says the option was the mistake)
  const score = timing.timedOut ? 0 : scoreAnswer(secure, input.answer);
  const errorTag = timing.timedOut ? undefined : errorTagFor(secure, input.answer);

  const config = catConfigFor(bank.blueprint, bank.snapshot, session.skills);
  // a pilot item: logged, never given to the CAT (docs/blueprints.md, "Pilot items")
  if (currentPilot(session) === input.itemId) return recordPilotAnswer(deps, session, bank, config, { ...input, score, ...(errorTag ? { errorTag } : {}), timing }, now);
  const step = answerStep(bank, config, session.id, session.cat, input.itemId, score);
  // computed before the write: the answer's record keeps it, so a late replay shows the same progress
  const progress = 'itemId' in step ? progressOf({ cat: step.state, pilot: session.pilot }, bank, config) : undefined;
  const request = {
    requestKey: input.requestKey,
    itemId: input.itemId,
    answer: input.answer,
    ...(input.elapsedMs === undefined ? {} : { elapsedMs: input.elapsedMs }),
    seq: answeredCount(session) + 1,
    ...(progress?.expectedItemsLeft === undefined ? {} : { expectedItemsLeft: progress.expectedItemsLeft }),
  };
  const response: ResponseRecord = {
    placementId: session.id,
    ...request,
    score,
    ...(errorTag ? { errorTag } : {}),
    ...timing,
    at: now.toISOString(),
    ...responseLogFields(session, bank, input.itemId),
  };
  const advanced: PlacementSession = {
    ...session,
    cat: step.state,
    currentItemShownAt: now.toISOString(),
    ...(timing.rapid ? { rapidAnswers: (session.rapidAnswers ?? 0) + 1 } : {}),
    lastRequest: request,
    requestKeyDigests: [...(session.requestKeyDigests ?? []), requestKeyDigest(input.requestKey)],
    version: session.version + 1,
    updatedAt: now.toISOString(),
    idleDeadline: idleDeadline(now, bank.blueprint.idleTimeoutMinutes),
  };

  if ('itemId' in step && progress) {
    // the CAT's item, unless a pilot item is planned at the next position (the CAT's waits as `cat.pending`)
    const shownNext = nextShown(session.pilot, request.seq, step.itemId);
    const content = await deps.items.content(bank, shownNext);
    const next: PlacementSession = { ...advanced, currentItemId: shownNext };
    await deps.placements.recordResponse(next, session.version, response);
    return { placementId: session.id, status: 'in-progress', item: itemView(shownNext, content), progress };
  }

  const result = await complete(deps, session, advanced, response, bank, summarize(step.state, config));
  return { placementId: session.id, status: 'completed', result: taskerResultView(result, session.skills) };
}
