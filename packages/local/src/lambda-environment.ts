import { LOCAL_AWS_REGION, LOCAL_CREDENTIALS } from './dynamodb/local-aws';
import { type TableNames, tableEnvironment } from './dynamodb/tables';

export interface LambdaEnvironmentInput {
  dynamoDbEndpoint: string;
  tableNames: TableNames;
  region?: string;
}

/**
 * The environment a deployed function gets from infra/, pointed at the local stack.
 * Credentials are always the dummy ones: a developer's real AWS keys in the shell must
 * never reach a handler that, by a bug, ignores DYNAMODB_ENDPOINT.
 */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const region = input.region ?? LOCAL_AWS_REGION;
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: input.dynamoDbEndpoint,
    THETA_STAGE: 'local',
    // EMF metrics would only clutter a terminal here; CloudWatch reads them in AWS
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'Theta',
    // no X-Ray daemon here: the tracer would only warn about missing trace context
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...tableEnvironment(input.tableNames),
  };
}

/**
 * Handlers parse their config once, at import; call this before the first request
 * reaches the server (it imports handlers lazily, on first use).
 */
export function applyLambdaEnvironment(vars: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, vars);
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
}
