import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeConfig } from './config';

// One client per Lambda container, created at cold start and reused by every request.
export const dynamoClient = new DynamoDBClient({
  region: storeConfig.region,
  ...(storeConfig.endpoint ? { endpoint: storeConfig.endpoint } : {}),
});

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
