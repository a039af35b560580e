import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JwtAuthorizer } from '../auth/jwt-authorizer';
import { LOCAL_AWS_ACCOUNT_ID, LOCAL_AWS_REGION } from '../dynamodb/local-aws';
import type { TableNames } from '../dynamodb/tables';
import { runWithPolicy } from '../iam/invocation-scope';
import { type RoutePolicy, routePolicy } from '../iam/route-policy';
import { REPO_ROOT } from '../paths';
import { buildApiGatewayEvent, newApiGatewayRequestId } from './api-gateway-event';
import * as gateway from './gateway-responses';
import { createHandlerLoader, type HandlerLoader } from './handler-loader';
import { createLambdaContext } from './lambda-context';
import { type GatewayResponse, toGatewayResponse } from './lambda-result';
import { readBodyWithLimit } from './read-body';
import { createRouteMatcher, type ServedRoute } from './route-matcher';
import { isWebRequest, serveWeb, type WebAssetsOptions } from './web-assets';

/** API Gateway HTTP API quotas. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
export const INTEGRATION_TIMEOUT_MS = 30_000;
const DEFAULT_MEMORY_MB = 1024;

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  routeId?: string;
  requestId: string;
}

export interface LocalServerOptions {
  /** JWT authorizer guarding every route that is not `public` */
  authorizer: JwtAuthorizer;
  /** default: ROUTES from functions/routes.ts (imported only now, after the environment is set); tests inject fixture routes */
  routes?: readonly ServedRoute[];
  /** base for route entries (default: the repo root) */
  rootDir?: string;
  /** default 0: any free port */
  port?: number;
  host?: string;
  integrationTimeoutMs?: number;
  maxPayloadBytes?: number;
  region?: string;
  accountId?: string;
  apiId?: string;
  loadHandler?: HandlerLoader;
  /**
   * IAM emulation: each invocation runs under its route's declared `tables` (physical names from
   * `tableNames`); the client middleware (iam/enforce-iam.ts) denies anything else. Off when absent.
   */
  iam?: { tableNames: TableNames };
  /** one call per answered request (default: silent) */
  onRequest?: (entry: RequestLogEntry) => void;
  /** the web app at every path outside /v1 (CloudFront + S3 in AWS); absent: those paths are 404 like any unknown route */
  web?: WebAssetsOptions;
  /** handler crashes and invalid results, which API Gateway turns into a bare 500 (default: console.error) */
  onHandlerError?: (routeId: string, error: unknown) => void;
}

export interface LocalServer {
  url: string;
  port: number;
  routes: readonly ServedRoute[];
  close(): Promise<void>;
}

/** Serves ROUTES the way API Gateway HTTP API + Lambda (payload format 2.0) would. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  // ROUTES pulls in the route contracts and with them @theta/http, whose config is parsed at
  // import: a static import here would freeze it before the local stack sets the environment.
  const routes: readonly ServedRoute[] = options.routes ?? (await import('@theta/functions/routes')).ROUTES;
  const match = createRouteMatcher(routes);
  const loadHandler = options.loadHandler ?? createHandlerLoader(options.rootDir ?? REPO_ROOT);
  const integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const maxPayloadBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const region = options.region ?? LOCAL_AWS_REGION;
  const accountId = options.accountId ?? LOCAL_AWS_ACCOUNT_ID;
  const apiId = options.apiId ?? 'local';
  const onHandlerError = options.onHandlerError ?? ((routeId, error) => console.error(`[theta-local] ${routeId} failed:`, error));

  const policies = new Map<string, RoutePolicy>();
  if (options.iam) for (const route of routes) policies.set(route.id, routePolicy(route, options.iam.tableNames));
  // one function per route, as in AWS: its role is the route's policy (or none without IAM emulation)
  const invoke = (route: ServedRoute, event: unknown, context: unknown): Promise<unknown> => {
    const call = async () => (await loadHandler(route.entry))(event, context);
    const policy = policies.get(route.id);
    return policy ? runWithPolicy(policy, call) : call();
  };

  let listeningPort = 0;

  async function answer(req: IncomingMessage, requestId: string): Promise<{ response: GatewayResponse; routeId?: string }> {
    const body = await readBodyWithLimit(req, maxPayloadBytes);
    if (body === 'too-large') return { response: gateway.payloadTooLarge() };

    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const matched = match(method, url.split('?')[0]!);
    if (matched.kind === 'not-found') return { response: gateway.notFound() };
    if (matched.kind === 'method-not-allowed') return { response: gateway.methodNotAllowed(matched.allow) };
    const { route } = matched;

    let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (!route.public) {
      const verdict = await options.authorizer(headerValue(req, 'authorization'));
      if (!verdict.authorized) return { response: gateway.unauthorized(verdict.reason), routeId: route.id };
      jwt = { claims: verdict.claims, scopes: verdict.scopes };
    }

    const now = new Date();
    const event = buildApiGatewayEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        httpVersion: req.httpVersion,
        localPort: listeningPort,
      },
      { routeKey: matched.routeKey, pathParameters: matched.pathParameters, requestId, now, accountId, apiId, jwt },
    );

    // Lambda stops the function at its own timeout (500 via API Gateway); API Gateway gives
    // up at 30 s whatever the function's timeout (503). Locally the handler cannot be killed,
    // so it runs on in the background and its late result is dropped.
    const functionTimeoutMs = (route.timeoutSeconds ?? Infinity) * 1000;
    const timeoutMs = Math.min(functionTimeoutMs, integrationTimeoutMs);
    const context = createLambdaContext({
      functionName: route.id,
      region,
      accountId,
      memoryMb: route.memoryMb ?? DEFAULT_MEMORY_MB,
      deadline: now.getTime() + timeoutMs,
    });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const invocation = invoke(route, event, context);
      invocation.catch(() => undefined); // a late failure after a timeout must not crash the process
      const outcome = await Promise.race([invocation.then((result) => ({ result })), timedOut]);
      if (outcome === 'timeout') {
        const lambdaTimedOutFirst = functionTimeoutMs < integrationTimeoutMs;
        onHandlerError(route.id, new Error(`timed out after ${timeoutMs} ms`));
        return { response: lambdaTimedOutFirst ? gateway.internalServerError() : gateway.serviceUnavailable(), routeId: route.id };
      }
      return { response: toGatewayResponse(outcome.result), routeId: route.id };
    } catch (error) {
      onHandlerError(route.id, error);
      return { response: gateway.internalServerError(), routeId: route.id };
    } finally {
      clearTimeout(timer);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0]!;
    if (options.web && isWebRequest(path)) {
      serveWeb(req, res, path, options.web).catch((error: unknown) => {
        onHandlerError('(web)', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    const requestId = newApiGatewayRequestId();
    answer(req, requestId)
      .catch((error: unknown) => {
        onHandlerError('(local server)', error);
        return { response: gateway.internalServerError(), routeId: undefined };
      })
      .then(({ response, routeId }) => {
        writeResponse(res, response, requestId);
        options.onRequest?.({
          method: req.method ?? 'GET',
          path: (req.url ?? '/').split('?')[0]!,
          status: response.statusCode,
          durationMs: Date.now() - started,
          requestId,
          ...(routeId ? { routeId } : {}),
        });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  listeningPort = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${listeningPort}`,
    port: listeningPort,
    routes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function writeResponse(res: ServerResponse, response: GatewayResponse, requestId: string): void {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  for (const [name, values] of grouped) {
    // set-cookie must stay one header per cookie; anything else repeated is comma-joined.
    res.setHeader(name, name === 'set-cookie' ? values : values.join(','));
  }
  res.setHeader('apigw-requestid', requestId);
  res.setHeader('content-length', response.body.length);
  res.statusCode = response.statusCode;
  res.end(response.body);
}
