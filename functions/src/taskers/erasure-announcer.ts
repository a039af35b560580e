// The `tasker.erased` event on the stage bus (docs/security.md, "Privacy", "The tasker.erased event"): one PutEvents
// entry, published by the erasure itself (an outbox row would keep the erased id in the table).
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ServiceUnavailableError, TASKER_ERASED, type AnnounceErased, type ErasureAnnouncement } from '@theta/assessment';
import { logger } from '@theta/http';
import { toEntry } from '../events/event-entry';

export const ERASURE_NOT_ANNOUNCED = 'erasure_not_announced';

export function erasedEntry(announcement: ErasureAnnouncement, eventBusName: string): PutEventsRequestEntry {
  const { id, taskerId, at, pseudonym, round } = announcement;
  return toEntry({ id, type: TASKER_ERASED, taskerId, at, detail: { pseudonym, round } }, eventBusName);
}

const notAnnounced = (): ServiceUnavailableError =>
  new ServiceUnavailableError(ERASURE_NOT_ANNOUNCED, 'the records are erased but the tasker.erased event could not be published; call again to finish');

/**
 * PutEvents of one entry; an entry without an EventId (or with an ErrorCode) is a failure, as is a throw: the
 * erasure then stays in progress and the next call publishes again. Without a bus (the local stack sets no
 * EVENT_BUS_NAME) nothing is published: the announcement is logged and the erasure completes.
 */
export function eventBridgeAnnouncer(eventBusName: string | undefined, client?: EventBridgeClient): AnnounceErased {
  if (!eventBusName) {
    return async ({ id }) => {
      logger.info('tasker.erased not published: no event bus (EVENT_BUS_NAME unset, the local stack)', { eventId: id });
    };
  }
  const eventBridge = client ?? new EventBridgeClient({});
  return async (announcement) => {
    let problem: string | undefined;
    try {
      const out = await eventBridge.send(new PutEventsCommand({ Entries: [erasedEntry(announcement, eventBusName)] }));
      const result = out.Entries?.[0];
      if (result?.ErrorCode) problem = `${result.ErrorCode}: ${result.ErrorMessage ?? ''}`.trim();
      else if (!result?.EventId || (out.FailedEntryCount ?? 0) > 0) problem = `no EventId in the PutEvents result (FailedEntryCount ${out.FailedEntryCount ?? 0})`;
    } catch (error) {
      problem = `PutEvents failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    }
    // the pseudonym's event id only: the erased id stays out of the log
    if (problem !== undefined) {
      logger.error('tasker.erased not published: the erasure stays in progress', { eventId: announcement.id, problem });
      throw notAnnounced();
    }
  };
}
