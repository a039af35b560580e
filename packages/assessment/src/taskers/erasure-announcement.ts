// What downstream systems learn of a completed erasure: the `tasker.erased` event (docs/security.md, "Privacy").
// Published directly, not through the outbox: an outbox row would keep the erased id in the table.
import type { ErasureRecord } from './erasure-port';

export const TASKER_ERASED = 'tasker.erased';

export interface ErasureAnnouncement {
  /** `erasure-<pseudonym>-<round>`: the same for every publish of one round (consumers dedupe on it) */
  id: string;
  /** the erased id: consumers purge their copies by it */
  taskerId: string;
  pseudonym: string;
  round: number;
  /** the completion's instant */
  at: string;
}

/** Publishes one announcement; throws when it is not known to be published (the round then stays in progress). */
export type AnnounceErased = (announcement: ErasureAnnouncement) => Promise<void>;

export function erasureAnnouncement(taskerId: string, completed: ErasureRecord): ErasureAnnouncement {
  const at = completed.completedAt ?? completed.updatedAt;
  return { id: `erasure-${completed.pseudonym}-${completed.round}`, taskerId, pseudonym: completed.pseudonym, round: completed.round, at };
}
