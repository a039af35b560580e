import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// DynamoDB Local accepts any credentials; we run it with -sharedDb so the region and key
// below do not split data into separate databases (without it, each access key + region
// pair gets its own file and a handler would not see the tables the launcher created).
export const LOCAL_AWS_REGION = 'us-east-1';
export const LOCAL_AWS_ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalDynamoDbClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  destroy(): void;
}

export function createLocalDynamoDbClients(endpoint: string): LocalDynamoDbClients {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc, destroy: () => client.destroy() };
}
