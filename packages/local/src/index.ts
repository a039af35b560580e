// @theta/local: the embedded default. Runs Theta on one machine the way AWS runs it:
// DynamoDB Local for DynamoDB, a node:http server for API Gateway HTTP API + Lambda,
// and a local issuer for the Cognito JWT authorizer.
export { DEMO_SUBJECTS, DEV_AUDIENCE, DEV_ISSUER, DEV_ROLES, type DevRole, isDevRole } from './auth/dev-issuer';
export { createDevTokenSigner, DEFAULT_TOKEN_TTL_SECONDS, type DevTokenInput, type DevTokenSigner, signDevToken } from './auth/dev-tokens';
export { generateIssuerKeys, type IssuerKeys, loadOrCreateIssuerKeys } from './auth/issuer-keys';
export { type ApiGatewayClaims, toApiGatewayClaims } from './auth/api-gateway-claims';
export { type AuthorizerResult, createJwtAuthorizer, type JwtAuthorizer, type JwtAuthorizerConfig } from './auth/jwt-authorizer';
export {
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
  DynamoDbLocalStartError,
  startDynamoDbLocal,
} from './dynamodb/dynamodb-local';
export {
  DEFAULT_FAILURE_WINDOW_MS,
  DEFAULT_MAX_FAILURES,
  type DynamoDbSupervisor,
  type DynamoDbSupervisorOptions,
  superviseDynamoDbLocal,
  type SupervisorState,
} from './dynamodb/dynamodb-supervisor';
export { createLocalDynamoDbClients, LOCAL_AWS_ACCOUNT_ID, LOCAL_AWS_REGION, type LocalDynamoDbClients } from './dynamodb/local-aws';
export {
  createTableInput,
  DEFAULT_TABLE_PREFIX,
  deleteTables,
  type EnsureTablesResult,
  ensureTables,
  localTableNames,
  tableEnvironment,
  type TableNames,
} from './dynamodb/tables';
export { type EmbeddedStack, type EmbeddedStackOptions, startEmbeddedStack } from './embedded-stack';
export { applyLambdaEnvironment, lambdaEnvironment } from './lambda-environment';
export { dynamoDbDataDir, issuerKeyDir, localDataDir, REPO_ROOT, WEB_DIST_DIR } from './paths';
export { DEMO_TASKER_IDS, type SeedContext, seedDemoData } from './seed';
export {
  INTEGRATION_TIMEOUT_MS,
  type LocalServer,
  type LocalServerOptions,
  MAX_PAYLOAD_BYTES,
  type RequestLogEntry,
  startLocalServer,
} from './server/local-server';
export { buildApiGatewayEvent } from './server/api-gateway-event';
export { createRouteMatcher, type RouteMatch, type ServedRoute } from './server/route-matcher';
export { toGatewayResponse } from './server/lambda-result';
