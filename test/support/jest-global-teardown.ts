import type { ThetaJestGlobals } from './jest-global-setup';
import { SHARED_DYNAMODB_ENDPOINT_VAR } from './shared-dynamodb';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as ThetaJestGlobals;
  const dynamoDb = globals.__thetaSharedDynamoDb;
  if (!dynamoDb) return;
  delete globals.__thetaSharedDynamoDb;
  delete process.env[SHARED_DYNAMODB_ENDPOINT_VAR];
  await dynamoDb.stop();
}
