import { ConflictError, GoneError, NotFoundError } from '../errors';
import type { PlacementDeps } from './deps';
import { isIdleExpired } from './session-clock';
import type { PlacementSession } from './types';
import { answeredItems } from './pilot';

export interface Viewer {
  sub: string;
  /** staff (onboarding, ops) may read any placement; a tasker only their own */
  staff: boolean;
}

/**
 * Loads a placement the viewer may see. Someone else's placement is reported as not found,
 * so ids cannot be probed.
 */
export async function loadVisibleSession(deps: PlacementDeps, placementId: string, viewer: Viewer): Promise<PlacementSession> {
  const session = await deps.placements.getPlacement(placementId);
  if (!session || (!viewer.staff && session.taskerId !== viewer.sub)) {
    throw new NotFoundError('placement_not_found', `no placement '${placementId}' for this caller`);
  }
  return session;
}

/**
 * Writes the expiry of an idle session. A lost race means another request changed the session first (an
 * answer that moved the idle deadline, a completion, another expiry): the stored session is re-read and
 * what it says wins, so a request that raced an answer is not told the placement expired.
 */
export async function expireIfIdle(deps: PlacementDeps, session: PlacementSession, retries = 1): Promise<PlacementSession> {
  const now = deps.now();
  if (!isIdleExpired(session, now)) return session;
  const expired: PlacementSession = { ...session, status: 'expired', version: session.version + 1, updatedAt: now.toISOString() };
  delete expired.currentItemId;
  // the item on screen was seen too, though never answered
  const answered = answeredItems(session); // pilot items too: they are secure like any other
  const shown = session.currentItemId ? [...answered, session.currentItemId] : answered;
  try {
    await deps.placements.expirePlacement(expired, session.version, shown);
    return expired;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const stored = await deps.placements.getPlacement(session.id);
  if (!stored) throw new NotFoundError('placement_not_found', `no placement '${session.id}' for this caller`);
  return retries > 0 ? expireIfIdle(deps, stored, retries - 1) : stored;
}

/** For commands: the session must still be in progress (and not idle past its deadline, written down or not). */
export async function requireActiveSession(deps: PlacementDeps, placementId: string, viewer: Viewer): Promise<PlacementSession> {
  return assertActive(deps, await loadVisibleSession(deps, placementId, viewer));
}

/** A loaded session, expired first if it is idle past its deadline; 410 when it is (or just became) expired. */
export async function assertActive(deps: PlacementDeps, loaded: PlacementSession): Promise<PlacementSession> {
  const session = await expireIfIdle(deps, loaded);
  if (session.status === 'expired' || isIdleExpired(session, deps.now())) {
    throw new GoneError('placement_expired', 'this placement expired after being idle; start a new one');
  }
  return session;
}
