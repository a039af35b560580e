// A tasker's placements, newest first: how the tasker's app finds the placement to resume after a reload or on
// another device, and how ops see every attempt with the decision it made.
import { NotFoundError } from '../errors';
import type { PlacementDeps } from './deps';
import type { Viewer } from './load-session';
import { answeredCount } from './pilot';
import { isIdleExpired } from './session-clock';
import type { PlacementResult, PlacementSession } from './types';

export const MAX_LISTED_PLACEMENTS = 50;

export interface PlacementListEntry {
  placementId: string;
  /** `expired` also for a session idle past its deadline that no request or sweep has expired yet */
  status: 'in-progress' | 'completed' | 'expired';
  blueprint: { id: string; version: number };
  skills: string[];
  createdAt: string;
  updatedAt: string;
  itemsAnswered: number;
  result?: { track: string; trackSummary?: string; trackReason: string; stopReason: string; itemsUsed: number; completedAt: string; withheld?: PlacementResult['withheld'] };
}

export interface TaskerPlacementList {
  taskerId: string;
  /** the placement to resume, if one is in progress */
  active?: PlacementListEntry;
  placements: PlacementListEntry[];
}

function entryOf(session: PlacementSession, now: Date): PlacementListEntry {
  const status = isIdleExpired(session, now) ? 'expired' : session.status;
  const r = session.result;
  return {
    placementId: session.id,
    status,
    blueprint: { id: session.blueprintId, version: session.blueprintVersion },
    skills: session.skills,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    itemsAnswered: answeredCount(session),
    ...(r
      ? {
          result: {
            track: r.track,
            ...(r.trackSummary ? { trackSummary: r.trackSummary } : {}),
            trackReason: r.trackReason,
            stopReason: r.stopReason,
            itemsUsed: r.itemsUsed,
            completedAt: r.completedAt,
            ...(r.withheld ? { withheld: r.withheld } : {}),
          },
        }
      : {}),
  };
}

/** The tasker themself, or staff (ops, onboarding). Anyone else: 404, as if the tasker had no placements to show. */
export async function listTaskerPlacements(deps: PlacementDeps, taskerId: string, viewer: Viewer, limit = 20): Promise<TaskerPlacementList> {
  if (!viewer.staff && viewer.sub !== taskerId) throw new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  const sessions = await deps.placements.listPlacementsOfTasker(taskerId, Math.min(Math.max(limit, 1), MAX_LISTED_PLACEMENTS));
  const now = deps.now();
  const placements = sessions.map((s) => entryOf(s, now));
  const active = placements.find((p) => p.status === 'in-progress');
  return { taskerId, ...(active ? { active } : {}), placements };
}
