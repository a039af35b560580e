import type { CatConfig } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { requestKeyDigest, type AnswerAsked } from './answer-replay';
import type { PlacementDeps } from './deps';
import type { AnswerTiming } from './item-timing';
import { answeredCount, nextShown, withPilotScore } from './pilot';
import { idleDeadline } from './session-clock';
import { responseLogFields } from './response-log-fields';
import type { PlacementSession, ResponseRecord } from './types';
import { itemView, progressOf, type SubmitResponseOutput } from './views';

/** The scored answer to the pilot item on screen (the caller checked it is the current item and scored it). */
export interface PilotAnswer extends AnswerAsked {
  score: number;
  errorTag?: string;
  /** the server's time on the item (a pilot's rapid answers do not count toward the placement's rapid share) */
  timing: AnswerTiming;
}

/**
 * Records the answer to a pilot item: logged (flagged `pilot`) for calibration, its score kept on the plan, the CAT
 * state untouched. The reply is the next item exactly as after a scored answer: the CAT's item chosen before the
 * pilot was shown (`cat.pending`), or the next pilot planned at the next position.
 */
export async function recordPilotAnswer(deps: PlacementDeps, session: PlacementSession, bank: PublishedBank, config: CatConfig, answer: PilotAnswer, now: Date): Promise<SubmitResponseOutput> {
  const plan = session.pilot;
  const catItem = session.cat.pending;
  // a pilot item is only ever planned before the test may stop, so the CAT's next item is waiting behind it
  if (!plan || catItem === undefined) throw new Error(`placement ${session.id}: a pilot item is on screen without a plan or a pending item`);
  const pilot = withPilotScore(plan, answer.score);
  const seq = answeredCount(session) + 1;
  const nextItemId = nextShown(pilot, seq, catItem);
  const progress = progressOf({ cat: session.cat, pilot }, bank, config);
  const request = {
    requestKey: answer.requestKey,
    itemId: answer.itemId,
    answer: answer.answer,
    ...(answer.elapsedMs === undefined ? {} : { elapsedMs: answer.elapsedMs }),
    seq,
    ...(progress.expectedItemsLeft === undefined ? {} : { expectedItemsLeft: progress.expectedItemsLeft }),
  };
  const response: ResponseRecord = {
    placementId: session.id,
    ...request,
    score: answer.score,
    ...(answer.errorTag ? { errorTag: answer.errorTag } : {}),
    ...answer.timing,
    pilot: true,
    at: now.toISOString(),
    ...responseLogFields(session, bank, answer.itemId),
  };
  const next: PlacementSession = {
    ...session,
    pilot,
    currentItemId: nextItemId,
    currentItemShownAt: now.toISOString(),
    lastRequest: request,
    requestKeyDigests: [...(session.requestKeyDigests ?? []), requestKeyDigest(answer.requestKey)],
    version: session.version + 1,
    updatedAt: now.toISOString(),
    idleDeadline: idleDeadline(now, bank.blueprint.idleTimeoutMinutes),
  };
  const content = await deps.items.content(bank, nextItemId);
  await deps.placements.recordResponse(next, session.version, response);
  return { placementId: session.id, status: 'in-progress', item: itemView(nextItemId, content), progress };
}
