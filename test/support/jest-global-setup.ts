// Starts ONE in-memory DynamoDB Local for the whole jest run; test files isolate themselves
// with table prefixes (see local-stack.ts). Workers inherit the endpoint via the environment.
// If jest dies without running the teardown, the orphan guard still takes Java down with it.
import { type DynamoDbLocal, startDynamoDbLocal } from '../../packages/local/src/dynamodb/dynamodb-local';
import { SHARED_DYNAMODB_ENDPOINT_VAR, sharedDynamoDbEndpoint } from './shared-dynamodb';

export interface ThetaJestGlobals {
  __thetaSharedDynamoDb?: DynamoDbLocal;
}

export default async function globalSetup(): Promise<void> {
  // Known (Node 20 is the project's runtime) and otherwise repeated by every worker.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (sharedDynamoDbEndpoint()) return; // provided from outside: leave it alone
  const dynamoDb = await startDynamoDbLocal();
  process.env[SHARED_DYNAMODB_ENDPOINT_VAR] = dynamoDb.endpoint;
  (globalThis as ThetaJestGlobals).__thetaSharedDynamoDb = dynamoDb;
}
