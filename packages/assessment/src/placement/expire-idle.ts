import { ConflictError } from '../errors';
import type { PlacementDeps } from './deps';
import { expireIfIdle } from './load-session';

export interface IdleSweep {
  /** overdue slots looked at */
  checked: number;
  /** placements written as expired (slot released, shown items kept as seen) */
  expired: number;
  /** still active: answered since the slot recorded its deadline, which now moves to the session's */
  stillActive: number;
  /** slots that held a placement already over or gone: freed */
  released: number;
}

/**
 * Expires the placements that went idle and that nobody touched again. Requests expire an idle session when they
 * meet one; this finds the rest, so an abandoned placement's status becomes `expired` soon after its deadline and
 * the items it showed are kept as seen before TTL deletes it. Every write is conditional: a tasker answering at the
 * same moment wins (expireIfIdle re-reads), and a slot taken over meanwhile is left alone.
 */
export async function expireIdlePlacements(deps: PlacementDeps, limit: number): Promise<IdleSweep> {
  const sweep: IdleSweep = { checked: 0, expired: 0, stillActive: 0, released: 0 };
  const overdue = await deps.placements.listOverdueSlots(deps.now().toISOString(), limit);
  for (const slot of overdue) {
    const placementId = slot.activePlacementId;
    if (!placementId) continue; // the index lagged a release
    sweep.checked++;
    try {
      const session = await deps.placements.getPlacement(placementId);
      if (!session || session.status !== 'in-progress') {
        await deps.placements.releaseSlot(slot.taskerId, placementId);
        sweep.released++;
        continue;
      }
      const after = await expireIfIdle(deps, session);
      if (after.status === 'expired') sweep.expired++;
      else if (after.status === 'in-progress') {
        await deps.placements.moveSlotDeadline(slot.taskerId, placementId, after.idleDeadline);
        sweep.stillActive++;
      }
    } catch (error) {
      // the slot changed under us (a completion, a new start): that request's outcome stands
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return sweep;
}
