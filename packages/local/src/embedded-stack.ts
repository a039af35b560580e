import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEV_AUDIENCE, DEV_ISSUER } from './auth/dev-issuer';
import { createDevTokenSigner, type DevTokenSigner } from './auth/dev-tokens';
import type { IssuerKeys } from './auth/issuer-keys';
import { createJwtAuthorizer } from './auth/jwt-authorizer';
import { type DynamoDbLocal, type DynamoDbLocalOptions, startDynamoDbLocal } from './dynamodb/dynamodb-local';
import { type DynamoDbSupervisor, superviseDynamoDbLocal } from './dynamodb/dynamodb-supervisor';
import { createLocalDynamoDbClients } from './dynamodb/local-aws';
import { enforceRouteIam } from './iam/enforce-iam';
import type { JobDefinition } from '@theta/functions/jobs';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import { createHandlerLoader } from './server/handler-loader';
import { LOCAL_AWS_ACCOUNT_ID, LOCAL_AWS_REGION } from './dynamodb/local-aws';
import { REPO_ROOT } from './paths';
import { DEFAULT_TABLE_PREFIX, deleteTables, type EnsureTablesResult, ensureTables, localTableNames, type TableNames } from './dynamodb/tables';
import { applyLambdaEnvironment, lambdaEnvironment } from './lambda-environment';
import { seedDemoData } from './seed';
import { type LocalServerOptions, startLocalServer } from './server/local-server';
import type { ServedRoute } from './server/route-matcher';

export interface EmbeddedStackOptions {
  /** an already running DynamoDB Local (shared by a jest run), or options to launch one we own */
  dynamoDb: { endpoint: string } | { launch: DynamoDbLocalOptions; supervise?: boolean };
  issuerKeys: IssuerKeys;
  /** table name prefix (default "theta-") */
  tablePrefix?: string;
  /** run seedDemoData after creating the tables */
  seed?: boolean;
  /** delete this stack's tables on stop (test isolation with a shared DynamoDB) */
  deleteTablesOnStop?: boolean;
  /** server settings: routes, port, host, timeouts, logging */
  server?: Omit<LocalServerOptions, 'authorizer'>;
  /** serve the built web app (packages/web/dist) at `/` with the dev sign-in (npm start, browser tests) */
  webDir?: string;
  /** run every scheduled job (functions/jobs.ts) this often; default: only on demand (`runJob`) */
  jobsEveryMs?: number;
  /** where the Lambda environment goes; handlers read it at import (default process.env) */
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

export interface EmbeddedStack {
  url: string;
  port: number;
  /** the routes being served */
  routes: readonly ServedRoute[];
  dynamoDbEndpoint: string;
  /** present when this stack launched DynamoDB Local itself, unsupervised (supervised: dynamoDbSupervisor.current()) */
  dynamoDb?: DynamoDbLocal;
  /** present with `dynamoDb.supervise`: restarts DynamoDB Local when it dies (dynamodb/dynamodb-supervisor.ts) */
  dynamoDbSupervisor?: DynamoDbSupervisor;
  tableNames: TableNames;
  tables: EnsureTablesResult;
  client: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  signDevToken: DevTokenSigner;
  /** the scheduled jobs (functions/jobs.ts) */
  jobs: readonly JobDefinition[];
  /** one run of a scheduled job, as its EventBridge schedule would invoke it */
  runJob: JobRunner['run'];
  stop(): Promise<void>;
}

/**
 * DynamoDB Local + tables (+ seed) + Lambda environment + HTTP server with the JWT
 * authorizer: what `npm start` runs and what e2e tests start per file.
 * On any failure the parts already started are stopped again.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const log = options.log ?? (() => undefined);
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${String(error)}`);
      }
    }
  };

  try {
    let dynamoDb: DynamoDbLocal | undefined;
    let supervisor: DynamoDbSupervisor | undefined;
    // set once the tables are known: what a restarted DynamoDB Local needs before it serves again
    let afterRestart = async (): Promise<void> => undefined;
    let endpoint: string;
    if ('launch' in options.dynamoDb && options.dynamoDb.supervise) {
      const started = await superviseDynamoDbLocal({ launch: options.dynamoDb.launch, log, onRestarted: () => afterRestart() });
      supervisor = started;
      cleanups.push(() => started.stop());
      endpoint = started.endpoint;
    } else if ('launch' in options.dynamoDb) {
      dynamoDb = await startDynamoDbLocal(options.dynamoDb.launch);
      cleanups.push(() => dynamoDb?.stop());
      endpoint = dynamoDb.endpoint;
    } else {
      endpoint = options.dynamoDb.endpoint;
    }

    const clients = createLocalDynamoDbClients(endpoint);
    cleanups.push(() => clients.destroy());
    const tableNames = localTableNames(options.tablePrefix ?? DEFAULT_TABLE_PREFIX);
    const tables = await ensureTables(clients.client, tableNames);
    if (options.deleteTablesOnStop) cleanups.push(() => deleteTables(clients.client, tableNames));
    if (options.seed) await seedDemoData({ ddb: clients.doc, tableNames, log });
    afterRestart = async () => {
      // file-backed: the tables and data are on disk already (a no-op); in memory: everything was lost
      const recreated = await ensureTables(clients.client, tableNames);
      if (recreated.created.length > 0) log(`recreated ${recreated.created.length} tables after the restart`);
      if (options.seed && recreated.created.length > 0) await seedDemoData({ ddb: clients.doc, tableNames, log });
    };

    // Before the server: handlers parse config at import, and the server imports them lazily.
    applyLambdaEnvironment(lambdaEnvironment({ dynamoDbEndpoint: endpoint, tableNames }), options.env);

    // IAM emulation on the client every handler reaches DynamoDB through (packages/store's; imported
    // only now, after the environment is set): each invocation may do exactly what its route declares.
    const { dynamoClient } = await import('@theta/store');
    enforceRouteIam(dynamoClient());

    // routes and jobs share one loader: each entry module is imported once, as a warm container would
    const loadHandler = options.server?.loadHandler ?? createHandlerLoader(options.server?.rootDir ?? REPO_ROOT);
    const { JOBS } = await import('@theta/functions/jobs');
    const jobs = createJobRunner({ jobs: JOBS, loadHandler, region: LOCAL_AWS_REGION, accountId: LOCAL_AWS_ACCOUNT_ID, iam: { tableNames } });
    cleanups.push(() => jobs.stop());
    if (options.jobsEveryMs !== undefined) jobs.schedule(options.jobsEveryMs, (id, error) => log(`job ${id} failed: ${String(error)}`));

    const server = await startLocalServer({
      ...options.server,
      loadHandler,
      iam: { tableNames },
      authorizer: createJwtAuthorizer({ jwks: options.issuerKeys.jwks, issuer: DEV_ISSUER, audience: [DEV_AUDIENCE] }),
      ...(options.webDir ? { web: { staticDir: options.webDir, signIn: createDevTokenSigner(options.issuerKeys) } } : {}),
    });
    cleanups.push(() => server.close());

    return {
      url: server.url,
      port: server.port,
      routes: server.routes,
      dynamoDbEndpoint: endpoint,
      ...(dynamoDb ? { dynamoDb } : {}),
      ...(supervisor ? { dynamoDbSupervisor: supervisor } : {}),
      tableNames,
      tables,
      client: clients.client,
      ddb: clients.doc,
      signDevToken: createDevTokenSigner(options.issuerKeys),
      jobs: JOBS,
      runJob: jobs.run,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
