// Reads the outbox off the `taskers` stream: which stream records are domain events to publish.
// Pure (no I/O): the stream Lambda (functions/src/events/publish-outbox.ts) maps each batch with it.
// The outbox row is written by DynamoPlacementStore.completePlacement: keys.taskerEvent + entity 'event' + DomainEvent.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DOMAIN_EVENT_TYPES, type DomainEvent } from '@theta/assessment';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import { keys } from './keys';

/** A domain event read from the stream, with the record's sequence number (what Lambda's batchItemFailures names). */
export interface OutboxEvent {
  event: DomainEvent;
  sequenceNumber: string;
}

/** An outbox row that cannot be published as it is. Retrying cannot fix it, so it is reported, not thrown. */
export interface OutboxRejection {
  eventId?: string;
  sequenceNumber?: string;
  reason: string;
}

export interface OutboxBatch {
  events: OutboxEvent[];
  rejected: OutboxRejection[];
}

const OutboxRow = z
  .object({
    pk: z.string(),
    sk: z.string(),
    entity: z.literal('event'),
    id: z.string().min(1),
    type: z.enum(DOMAIN_EVENT_TYPES),
    taskerId: z.string().min(1),
    at: z.iso.datetime({ offset: true }),
    detail: z.record(z.string(), z.unknown()),
  })
  .superRefine((row, ctx) => {
    const expected = keys.taskerEvent(row.taskerId, row.at, row.id);
    if (row.pk !== expected.pk || row.sk !== expected.sk) {
      ctx.addIssue({ code: 'custom', path: ['sk'], message: `keys ${row.pk} / ${row.sk} do not match the event (expected ${expected.pk} / ${expected.sk})` });
    }
  });

const issuesText = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');

/**
 * Keeps the INSERT records whose new image is an outbox row (`entity = 'event'`), validated.
 * MODIFY/REMOVE records and other rows (profile, proficiency, history, track) are ignored: the outbox
 * is insert-only (the row is written once, conditional on absence). The event source mapping filters
 * on the same condition; this is the same rule in code, for tests and in case the filter is changed.
 */
export function outboxEventsFrom(records: readonly DynamoDBRecord[]): OutboxBatch {
  const events: OutboxEvent[] = [];
  const rejected: OutboxRejection[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT') continue;
    const image = record.dynamodb?.NewImage;
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (!image) {
      // NEW_IMAGE streams always carry it: without it we cannot tell whether this was an event.
      rejected.push({ sequenceNumber, reason: 'INSERT record without NewImage (is the stream view type NEW_IMAGE?)' });
      continue;
    }
    if (image.entity?.S !== 'event') continue;

    let row: Record<string, unknown>;
    try {
      // aws-lambda's AttributeValue is the stream's JSON shape, which is what unmarshall reads.
      row = unmarshall(image as Record<string, AttributeValue>);
    } catch (error) {
      rejected.push({ sequenceNumber, reason: `cannot unmarshall the new image: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const eventId = typeof row.id === 'string' && row.id !== '' ? row.id : undefined;
    if (!sequenceNumber) {
      rejected.push({ eventId, reason: 'stream record without SequenceNumber' });
      continue;
    }
    const parsed = OutboxRow.safeParse(row);
    if (!parsed.success) {
      rejected.push({ eventId, sequenceNumber, reason: issuesText(parsed.error) });
      continue;
    }
    const { id, type, taskerId, at, detail } = parsed.data;
    events.push({ event: { id, type, taskerId, at, detail }, sequenceNumber });
  }
  return { events, rejected };
}
