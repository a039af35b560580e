import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoClient } from './client';
import { tableName } from './config';

/** Powertools idempotency records live in the `idempotency` table (key `id`, TTL `expiration`). */
export function idempotencyPersistence(): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({ tableName: tableName('idempotency'), awsSdkV3Client: dynamoClient() });
}
