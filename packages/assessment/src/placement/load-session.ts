import { ConflictError, GoneError, NotFoundError } from '../errors';
import type { PlacementDeps } from './deps';
import { isIdleExpired } from './session-clock';
import type { PlacementSession } from './types';

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

/** Writes the expiry of an idle session (idempotent in effect: a lost race means someone else wrote it). */
export async function expireIfIdle(deps: PlacementDeps, session: PlacementSession): Promise<PlacementSession> {
  const now = deps.now();
  if (!isIdleExpired(session, now)) return session;
  const expired: PlacementSession = { ...session, status: 'expired', version: session.version + 1, updatedAt: now.toISOString() };
  delete expired.currentItemId;
  // the item on screen was seen too, though never answered
  const shown = session.currentItemId ? [...session.cat.items, session.currentItemId] : session.cat.items;
  try {
    await deps.placements.expirePlacement(expired, session.version, shown);
  } catch (error) {
    // a lost race means another request changed or expired it first; anything else is a real failure
    if (!(error instanceof ConflictError)) throw error;
  }
  return expired;
}

/** For commands: the session must still be in progress. */
export async function requireActiveSession(deps: PlacementDeps, placementId: string, viewer: Viewer): Promise<PlacementSession> {
  const session = await expireIfIdle(deps, await loadVisibleSession(deps, placementId, viewer));
  if (session.status === 'expired') throw new GoneError('placement_expired', 'this placement expired after being idle; start a new one');
  return session;
}
