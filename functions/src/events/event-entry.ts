// The one shape of a Theta event on the bus: the outbox publisher and the erasure's `tasker.erased` both send it.
// No configuration here, so any handler can import it (publish-outbox.ts parses its environment at import).
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '@theta/assessment';

/** `source` of every Theta domain event on the bus. */
export const EVENT_SOURCE = 'theta.assessment';

/** an outbox event, or one published directly (its type need not be an outbox type) */
export type BusEvent = Omit<DomainEvent, 'type'> & { type: string };

export function toEntry(event: BusEvent, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.type,
    // the envelope fields go last: a detail key can never shadow the id consumers dedupe on
    Detail: JSON.stringify({ ...event.detail, id: event.id, taskerId: event.taskerId, at: event.at }),
    Resources: [],
  };
}
