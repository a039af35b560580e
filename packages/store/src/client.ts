import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig } from './client-config';
import { parseStoreConfig } from './config';

let clients: { client: DynamoDBClient; document: DynamoDBDocumentClient } | undefined;

// One client per Lambda container, created on first use (a function's composition root calls it at
// cold start) — not at import, so the embedded stack can set DYNAMODB_ENDPOINT before handlers load.
function create() {
  const config = parseStoreConfig(process.env);
  // bounded timeouts and retries: a stalled database fails a request in seconds (client-config.ts)
  const client = new DynamoDBClient({ ...boundedClientConfig(), region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
  const document = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  return { client, document };
}

export function dynamoClient(): DynamoDBClient {
  return (clients ??= create()).client;
}

export function documentClient(): DynamoDBDocumentClient {
  return (clients ??= create()).document;
}
