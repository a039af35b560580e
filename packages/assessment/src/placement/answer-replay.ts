import { createHash } from 'node:crypto';
import { UnprocessableError } from '../errors';
import { catConfigFor } from './cat-config';
import type { PlacementDeps } from './deps';
import { answeredCount, answeredSequence } from './pilot';
import type { AnswerRequest, PlacementSession } from './types';
import { itemView, maxItemsOf, taskerResultView, type SubmitResponseOutput } from './views';

/** The request a retry repeats: its idempotency key and what it asks. */
export type AnswerAsked = Omit<AnswerRequest, 'seq' | 'expectedItemsLeft'>;

const sameRequest = (a: AnswerAsked, b: AnswerAsked): boolean => a.itemId === b.itemId && a.answer === b.answer && a.elapsedMs === b.elapsedMs;

/**
 * 72 bits of the key's SHA-256: 12 characters per answer on the session. A collision only costs one needless look at
 * the responses (which then find no such key), never a wrong replay.
 */
export const requestKeyDigest = (requestKey: string): string => createHash('sha256').update(requestKey).digest('base64url').slice(0, 12);

/**
 * The recorded answer `asked.requestKey` names in this session, if any. The latest is on the session itself; an
 * older one (a late duplicate after the tasker moved on, or a key reused for another answer) is looked up among the
 * placement's responses, only when the session's digests say the key was used here.
 */
async function recordedRequest(deps: PlacementDeps, session: PlacementSession, asked: AnswerAsked): Promise<AnswerRequest | undefined> {
  if (session.lastRequest?.requestKey === asked.requestKey) return session.lastRequest;
  if (!session.requestKeyDigests?.includes(requestKeyDigest(asked.requestKey))) return undefined;
  return (await deps.placements.listResponses(session.id)).find((r) => r.requestKey === asked.requestKey);
}

/**
 * The reply the answer under this key got, rebuilt from the session: every item shown and the result are on it,
 * so the rebuilt body is the first one, byte for byte. `undefined` when the key names no answer of this session, or
 * the session expired (call it on a session already expired if idle: an expired placement answers 410 to every
 * submission, retries included). The same key with another request is a client error: keys are single-use.
 */
export async function replayOf(deps: PlacementDeps, session: PlacementSession, asked: AnswerAsked): Promise<SubmitResponseOutput | undefined> {
  if (session.status === 'expired') return undefined;
  const recorded = await recordedRequest(deps, session, asked);
  if (!recorded) return undefined;
  if (!sameRequest(recorded, asked)) {
    throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request body');
  }
  const answeredSince = answeredCount(session) > recorded.seq;
  if (!answeredSince && session.status === 'completed' && session.result) {
    return { placementId: session.id, status: 'completed', result: taskerResultView(session.result, session.skills) };
  }
  // the item shown after that answer: answered later, or still on screen
  // (scored and pilot items alike: `seq` counts every item shown)
  const itemId = answeredSince ? answeredSequence(session)[recorded.seq] : session.currentItemId;
  if (itemId === undefined) return undefined;
  const bank = await deps.banks.get(session.blueprintId, session.blueprintVersion);
  const config = catConfigFor(bank.blueprint, bank.snapshot, session.skills);
  const content = await deps.items.content(bank, itemId);
  const progress = {
    answered: recorded.seq,
    maxItems: maxItemsOf(session, config),
    ...(recorded.expectedItemsLeft === undefined ? {} : { expectedItemsLeft: recorded.expectedItemsLeft }),
  };
  return { placementId: session.id, status: 'in-progress', item: itemView(itemId, content), progress };
}
