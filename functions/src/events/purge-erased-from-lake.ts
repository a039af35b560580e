// SQS (fed by an EventBridge rule on `tasker.erased`, delayed past Firehose's buffering) -> the analytics-lake purge
// of the erased tasker (docs/security.md, "The analytics lake"). Not an HTTP route: infra wires it with
// infra/lib/constructs/lake-purge.ts. One message per invocation; one invocation at a time (reserved concurrency 1).
//
// A purge that is not complete (its time budget ran out, or rows of the tasker were delivered during the run) fails
// the message: SQS delivers it again after the visibility timeout and the purge goes on where it stopped.
import { Logger } from '@aws-lambda-powertools/logger';
import { TASKER_ERASED } from '@theta/assessment';
import { purgeTaskerFromLake } from '@theta/insights/purge';
import { S3AthenaLakeFiles } from '@theta/insights/purge-s3';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { traced } from '@theta/http/tracer';
import { EVENT_SOURCE } from './event-entry';

/** the `tasker.erased` event as the rule delivers it (the EventBridge envelope is the message body) */
export const ErasedEvent = z.object({
  source: z.literal(EVENT_SOURCE),
  'detail-type': z.literal(TASKER_ERASED),
  detail: z.object({ id: z.string().min(1), taskerId: z.string().min(1), pseudonym: z.string().min(1), round: z.number().int().positive(), at: z.string().min(1) }),
});

const Env = z.object({
  THETA_ANALYTICS_BUCKET: z.string().min(1),
  THETA_ATHENA_WORKGROUP: z.string().min(1),
  THETA_GLUE_DATABASE: z.string().min(1),
  THETA_GLUE_RESPONSES_TABLE: z.string().min(1),
  /** stop starting partitions this long before the Lambda timeout */
  THETA_PURGE_MARGIN_MS: z.coerce.number().int().positive().default(120_000),
});
const parsedEnv = Env.safeParse(process.env);
if (!parsedEnv.success) {
  throw new Error(`Invalid environment: ${parsedEnv.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}
const env = parsedEnv.data;

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'theta' });
const lake = new S3AthenaLakeFiles({
  bucket: env.THETA_ANALYTICS_BUCKET,
  workGroup: env.THETA_ATHENA_WORKGROUP,
  database: env.THETA_GLUE_DATABASE,
  responsesTable: env.THETA_GLUE_RESPONSES_TABLE,
  // one UNLOAD of a busy partition can take minutes; the function's own deadline bounds the run
  timeoutMs: 600_000,
});

async function run(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context) logger.addContext(context);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const parsed = ErasedEvent.safeParse(body);
    if (!parsed.success) {
      // never valid on a retry either: after the queue's receive limit it rests in the dead-letter queue for a person
      logger.error('not a tasker.erased event: left for the dead-letter queue', { messageId: record.messageId, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const { id: erasureId, taskerId, pseudonym } = parsed.data.detail;
    const deadlineMs = typeof context?.getRemainingTimeInMillis === 'function' ? Date.now() + context.getRemainingTimeInMillis() - env.THETA_PURGE_MARGIN_MS : undefined;
    try {
      const result = await purgeTaskerFromLake({ taskerId, erasureId }, lake, deadlineMs === undefined ? {} : { deadlineMs });
      // the log names the pseudonym, never the id
      logger.info('lake purge', { erasureId, pseudonym, complete: result.complete, resumed: result.resumed.length, rewritten: result.rewritten.length, filesReplaced: result.rewritten.reduce((n, p) => n + p.filesReplaced, 0) });
      if (!result.complete) failures.push({ itemIdentifier: record.messageId });
    } catch (error) {
      logger.error('lake purge failed: will be retried', { erasureId, pseudonym, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = traced(run);
