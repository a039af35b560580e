// e2e helper: the embedded stack for one test file. Tables get a prefix unique to the file
// (the DynamoDB Local of the jest run is shared), the HTTP server takes a free port, and
// tokens are signed by an in-memory issuer the server trusts.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type DevRole,
  type DevTokenInput,
  generateIssuerKeys,
  type RequestLogEntry,
  type ServedRoute,
  startEmbeddedStack,
  WEB_DIST_DIR,
  type TableNames,
} from '@theta/local';
import { sharedDynamoDbEndpoint } from './shared-dynamodb';

export interface LocalStackOptions {
  /** routes to serve (default: ROUTES from functions/routes.ts) */
  routes?: readonly ServedRoute[];
  /** base directory for route entries (default: repo root) */
  rootDir?: string;
  /** run seedDemoData into this file's tables */
  seed?: boolean;
  /** table prefix (default: derived from the test file name + random) */
  tablePrefix?: string;
  integrationTimeoutMs?: number;
  maxPayloadBytes?: number;
  onRequest?: (entry: RequestLogEntry) => void;
  /** default: silent (tests assert on the 500 instead) */
  onHandlerError?: (routeId: string, error: unknown) => void;
  /** runs on every response the request helpers receive (e.g. a suite-wide no-secrets assertion) */
  checkResponse?: (response: LocalResponse) => void;
  /** serve the built web app at / with the dev sign-in (browser tests) */
  web?: boolean;
}

export interface RequestOptions {
  /** bearer token to send */
  token?: string;
  /** shortcut: sign a token for these roles (and `sub`, default "test-user") */
  as?: DevRole | readonly DevRole[];
  sub?: string;
  /** object → JSON (content-type application/json); string/Buffer sent as is */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LocalResponse {
  status: number;
  headers: Headers;
  text: string;
  /** parsed body; throws if it is not JSON */
  json<T = unknown>(): T;
}

export interface LocalStack {
  baseUrl: string;
  tableNames: TableNames;
  ddb: DynamoDBDocumentClient;
  client: DynamoDBClient;
  /** a valid token for these roles, as Cognito + API Gateway would pass it */
  tokenFor(roles: DevRole | readonly DevRole[], sub?: string, extra?: Omit<DevTokenInput, 'sub' | 'roles'>): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<LocalResponse>;
  get(path: string, options?: RequestOptions): Promise<LocalResponse>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<LocalResponse>;
  put(path: string, body: unknown, options?: RequestOptions): Promise<LocalResponse>;
  delete(path: string, options?: RequestOptions): Promise<LocalResponse>;
  /** one run of a scheduled job (functions/jobs.ts), as EventBridge would invoke it */
  runJob(jobId: string): Promise<unknown>;
  /** closes the server and deletes this file's tables (and stops DynamoDB Local if it started one) */
  stop(): Promise<void>;
}

const DEFAULT_SUB = 'test-user';

/**
 * Starts the stack for one test file. Call in beforeAll and stop() in afterAll. It sets the
 * Lambda environment (THETA_TABLE_*, DYNAMODB_ENDPOINT, AWS_*) before any handler is
 * imported; jest gives each test file its own process.env, so files do not see each other's.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const endpoint = sharedDynamoDbEndpoint();
  const issuerKeys = await generateIssuerKeys();
  const stack = await startEmbeddedStack({
    // Outside jest's globalSetup (e.g. a script) the stack launches its own, in memory.
    dynamoDb: endpoint ? { endpoint } : { launch: {} },
    issuerKeys,
    tablePrefix: options.tablePrefix ?? uniqueTablePrefix(),
    seed: options.seed ?? false,
    deleteTablesOnStop: true,
    ...(options.web ? { webDir: WEB_DIST_DIR } : {}),
    server: {
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.rootDir ? { rootDir: options.rootDir } : {}),
      ...(options.integrationTimeoutMs !== undefined ? { integrationTimeoutMs: options.integrationTimeoutMs } : {}),
      ...(options.maxPayloadBytes !== undefined ? { maxPayloadBytes: options.maxPayloadBytes } : {}),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      onHandlerError: options.onHandlerError ?? (() => undefined),
    },
  });

  const tokenFor: LocalStack['tokenFor'] = (roles, sub = DEFAULT_SUB, extra = {}) =>
    stack.signDevToken({ ...extra, sub, roles: typeof roles === 'string' ? [roles] : roles });

  const request: LocalStack['request'] = async (method, path, requestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    const token = requestOptions.token ?? (requestOptions.as ? await tokenFor(requestOptions.as, requestOptions.sub) : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (typeof requestOptions.body === 'string' || Buffer.isBuffer(requestOptions.body)) {
      body = requestOptions.body;
    } else if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${stack.url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}) });
    const text = await response.text();
    const result: LocalResponse = { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
    options.checkResponse?.(result);
    return result;
  };

  return {
    baseUrl: stack.url,
    tableNames: stack.tableNames,
    ddb: stack.ddb,
    client: stack.client,
    tokenFor,
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, body, o) => request('POST', path, { ...o, body }),
    put: (path, body, o) => request('PUT', path, { ...o, body }),
    delete: (path, o) => request('DELETE', path, o),
    runJob: stack.runJob,
    stop: stack.stop,
  };
}

/** e.g. "e2e-local-stack-3f9a1c-": readable in DynamoDB Local, unique per file and run. */
function uniqueTablePrefix(): string {
  const testPath = typeof expect === 'undefined' ? undefined : expect.getState().testPath;
  const file = testPath ? basename(testPath).replace(/\.test\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40) : 'stack';
  return `e2e-${file}-${randomBytes(3).toString('hex')}-`;
}
