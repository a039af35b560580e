/**
 * Endpoint of the one DynamoDB Local a jest run shares (started by jest-global-setup.ts,
 * inherited by every worker through the environment). Set it yourself to reuse a running one.
 */
export const SHARED_DYNAMODB_ENDPOINT_VAR = 'THETA_TEST_DYNAMODB_ENDPOINT';

export function sharedDynamoDbEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SHARED_DYNAMODB_ENDPOINT_VAR];
  return value && value.trim() !== '' ? value : undefined;
}
