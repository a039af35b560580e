import { ConflictError } from '../errors';
import { catConfigFor } from './cat-config';
import type { PlacementDeps } from './deps';
import { expireIfIdle, loadVisibleSession, requireActiveSession, type Viewer } from './load-session';
import { itemView, placementView, progressOf, type ItemView, type PlacementView, type Progress } from './views';

/** The item being shown; repeatable (a reload shows the same item). */
export async function getCurrentItem(deps: PlacementDeps, placementId: string, taskerId: string): Promise<{ placementId: string; item: ItemView; progress: Progress }> {
  const session = await requireActiveSession(deps, placementId, { sub: taskerId, staff: false });
  if (session.status === 'completed' || !session.currentItemId) throw new ConflictError('placement_completed', 'this placement is complete: no current item');
  const bank = await deps.banks.get(session.blueprintId, session.blueprintVersion);
  const content = await deps.items.content(bank, session.currentItemId);
  const config = catConfigFor(bank.blueprint, bank.snapshot, session.skills);
  return { placementId, item: itemView(session.currentItemId, content), progress: progressOf(session, bank, config) };
}

/** Status, and once complete the per-skill results, the track and why. */
export async function getPlacement(deps: PlacementDeps, placementId: string, viewer: Viewer): Promise<PlacementView> {
  const session = await expireIfIdle(deps, await loadVisibleSession(deps, placementId, viewer));
  return placementView(session);
}
