// DynamoDB Streams -> EventBridge: publishes the outbox rows (`EVENT#` in `taskers`) that the completion
// transaction wrote. Not an HTTP route: infra wires it with infra/lib/constructs/outbox-publisher.ts.
//
// Delivery is at-least-once. A batch is retried from its lowest failed record (reportBatchItemFailures),
// so records after it are published again, and a PutEvents call can succeed after its response is lost.
// Consumers dedupe on `detail.id` (the outbox event id), see docs/data-model.md.
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { outboxEventsFrom, type OutboxEvent } from '@theta/store';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { traced } from '@theta/http/tracer';
import { toEntry } from './event-entry';

export { EVENT_SOURCE, toEntry } from './event-entry';

/** PutEvents accepts at most 10 entries per request. */
export const MAX_ENTRIES_PER_REQUEST = 10;

/** The part of a PutEvents response the failure mapping reads (the SDK's PutEventsResponse fits it). */
export interface PutEventsOutcome {
  FailedEntryCount?: number;
  Entries?: Pick<PutEventsResultEntry, 'EventId' | 'ErrorCode' | 'ErrorMessage'>[];
}

export type PutEvents = (entries: PutEventsRequestEntry[]) => Promise<PutEventsOutcome>;

export interface PublishFailure {
  sequenceNumber: string;
  eventId: string;
  reason: string;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer (got ${size})`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Which entries of one PutEvents request failed. Entries[i] answers request entry i: it failed when it
 * has an ErrorCode or no EventId. A response that cannot be matched entry by entry (missing or
 * mis-sized Entries, or a FailedEntryCount the entries do not account for) fails the whole request:
 * publishing twice is safe (consumers dedupe), dropping an event is not.
 */
export function failuresIn(sent: readonly OutboxEvent[], outcome: PutEventsOutcome): PublishFailure[] {
  const failedCount = outcome.FailedEntryCount ?? 0;
  const entries = outcome.Entries;
  const all = (reason: string) => sent.map(({ event, sequenceNumber }) => ({ sequenceNumber, eventId: event.id, reason }));
  if (!entries || entries.length !== sent.length) {
    return all(`PutEvents answered ${entries?.length ?? 'no'} entries for ${sent.length} sent (FailedEntryCount ${failedCount})`);
  }
  const failures = sent.flatMap(({ event, sequenceNumber }, i) => {
    const result = entries[i];
    if (result?.ErrorCode) return [{ sequenceNumber, eventId: event.id, reason: `${result.ErrorCode}: ${result.ErrorMessage ?? ''}`.trim() }];
    if (!result?.EventId) return [{ sequenceNumber, eventId: event.id, reason: 'no EventId and no ErrorCode in the PutEvents result' }];
    return [];
  });
  if (failures.length < failedCount) return all(`FailedEntryCount ${failedCount} but only ${failures.length} entries carry an error`);
  return failures;
}

/**
 * Sends the events in order, 10 per PutEvents request. Stops at the first request with a failure:
 * Lambda restarts the stream batch at the lowest failed sequence number anyway, so sending what comes
 * after it now would only publish it twice (and out of order). Returns every event not known to be
 * published: the failed entries, the rest of a request that threw, and everything not yet sent.
 */
export async function publish(events: readonly OutboxEvent[], eventBusName: string, putEvents: PutEvents): Promise<PublishFailure[]> {
  const chunks = chunk(events, MAX_ENTRIES_PER_REQUEST);
  for (const [index, sent] of chunks.entries()) {
    let failures: PublishFailure[];
    try {
      failures = failuresIn(sent, await putEvents(sent.map(({ event }) => toEntry(event, eventBusName))));
    } catch (error) {
      const reason = `PutEvents failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      failures = sent.map(({ event, sequenceNumber }) => ({ sequenceNumber, eventId: event.id, reason }));
    }
    if (failures.length > 0) {
      const notSent = chunks.slice(index + 1).flat().map(({ event, sequenceNumber }) => ({
        sequenceNumber,
        eventId: event.id,
        reason: 'not sent: an earlier PutEvents request in this batch failed',
      }));
      return [...failures, ...notSent];
    }
  }
  return [];
}

/** Lambda's partial batch response: only these records (and, for streams, what follows them) are retried. */
export function batchResponse(failures: readonly PublishFailure[]): DynamoDBBatchResponse {
  return { batchItemFailures: [...new Set(failures.map((f) => f.sequenceNumber))].map((itemIdentifier) => ({ itemIdentifier })) };
}

// ---- the Lambda: configuration and clients once per container ----

const Env = z.object({ EVENT_BUS_NAME: z.string().min(1) });
const parsedEnv = Env.safeParse(process.env);
if (!parsedEnv.success) {
  throw new Error(`Invalid environment: ${parsedEnv.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}
const { EVENT_BUS_NAME } = parsedEnv.data;

// Powertools Logger configured like packages/http's (this function is not HTTP, so it does not load that stack).
const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'theta' });
const eventBridge = new EventBridgeClient({});
const putEvents: PutEvents = (entries) => eventBridge.send(new PutEventsCommand({ Entries: entries }));

async function run(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> {
  if (context) logger.addContext(context);
  const { events, rejected } = outboxEventsFrom(event.Records);
  for (const rejection of rejected) {
    // A malformed row never becomes valid: retrying would only hold up the shard. The row stays in the
    // table; fix the writer, then republish it.
    logger.error('outbox row rejected: not published', { ...rejection });
  }
  const failures = await publish(events, EVENT_BUS_NAME, putEvents);
  for (const failure of failures) logger.warn('outbox event not published: will be retried', { ...failure });
  logger.info('outbox batch', {
    records: event.Records.length,
    events: events.length,
    published: events.length - failures.length,
    failed: failures.length,
    rejected: rejected.length,
  });
  return batchResponse(failures);
}

export const handler = traced(run);
