import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from './client';
import { tableName } from './config';

/** a key no item ever has: the probe reads nothing, it only proves DynamoDB answers */
const PROBE_KEY = { id: { S: 'health#probe' } } as const;

export type DatabaseState = 'ok' | 'unavailable';

/**
 * Readiness: one GetItem on the idempotency table (the least sensitive one; its key is a single `id`)
 * within `timeoutMs`, retries included. Any failure (timeout, refused connection, missing table) is
 * `unavailable`; the caller logs the reason it gets back.
 */
export async function probeDatabase(timeoutMs: number): Promise<{ state: DatabaseState; reason?: string }> {
  try {
    await dynamoClient().send(
      new GetItemCommand({ TableName: tableName('idempotency'), Key: PROBE_KEY, ProjectionExpression: 'id' }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
    return { state: 'ok' };
  } catch (error) {
    return { state: 'unavailable', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
