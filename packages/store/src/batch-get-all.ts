import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem's limit of keys per request */
const KEYS_PER_BATCH = 100;
/** pauses before re-asking for unprocessed keys (DynamoDB returns them under throttling) */
const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600];

export interface BatchProjection {
  ProjectionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
}

/**
 * Every row found under `keyList` (absent keys are simply not returned), 100 keys per request, re-asking for
 * unprocessed keys with backoff; fails loudly when DynamoDB keeps returning some (never a silent short answer).
 */
export async function batchGetAll(db: DynamoDBDocumentClient, table: string, keyList: readonly Record<string, string>[], projection: BatchProjection): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keyList.length; i += KEYS_PER_BATCH) {
    let pending: Record<string, unknown>[] = keyList.slice(i, i + KEYS_PER_BATCH);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        const delay = RETRY_DELAYS_MS[attempt - 1];
        if (delay === undefined) throw new Error(`BatchGetItem on ${table}: ${pending.length} keys still unprocessed after ${RETRY_DELAYS_MS.length} retries`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...projection } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}
