import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS_REGION, LOCAL_CREDENTIALS } from './local-aws';

const POLL_INTERVAL_MS = 100;

/**
 * Resolves once DynamoDB Local answers ListTables (the JVM opens its port well before it
 * can serve requests, so a TCP connect is not enough). Rejects when `abort` fires first.
 */
export async function waitUntilDynamoDbAnswers(endpoint: string, abort: AbortSignal): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  try {
    while (!abort.aborted) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: abort });
        return;
      } catch {
        if (abort.aborted) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    }
    throw abort.reason instanceof Error ? abort.reason : new Error('stopped waiting for DynamoDB Local');
  } finally {
    client.destroy();
  }
}
