import type { PlacementDeps, PlacementSession, PlacementStore } from '@theta/assessment';

/**
 * Deps whose first read of `placementId` is already in flight: the handler starts it before the idempotency
 * claim, so the two DynamoDB round trips overlap instead of queueing. Safe because every session write is
 * conditional on the version read; later reads (e.g. the re-read after a lost race) go to the table.
 */
export function withSessionReadAhead(deps: PlacementDeps, placementId: string): PlacementDeps {
  let ahead: Promise<PlacementSession | undefined> | undefined = deps.placements.getPlacement(placementId);
  // an idempotent replay never consumes it: its failure must not surface as an unhandled rejection
  ahead.catch(() => undefined);
  const store: PlacementStore = Object.create(deps.placements, {
    getPlacement: {
      value: (id: string): Promise<PlacementSession | undefined> => {
        const first = id === placementId ? ahead : undefined;
        ahead = undefined;
        return first ?? deps.placements.getPlacement(id);
      },
    },
  });
  return { ...deps, placements: store };
}
