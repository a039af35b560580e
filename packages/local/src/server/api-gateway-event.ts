import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** What the HTTP server knows about one incoming request. */
export interface IncomingRequestFacts {
  method: string;
  /** request target as sent: path plus optional ?query */
  url: string;
  /** node's rawHeaders: [name, value, name, value, ...] with duplicates kept */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** "1.1" */
  httpVersion: string;
  /** the port the local server listens on (API Gateway: 443) */
  localPort: number;
}

/** What routing and the authorizer decided about it. */
export interface RouteFacts {
  routeKey: string;
  pathParameters?: Record<string, string>;
  requestId: string;
  now: Date;
  accountId: string;
  apiId: string;
  /** present for routes behind the JWT authorizer */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
}

// Hop-by-hop headers end at API Gateway's edge and never reach the function.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

// Measured on HTTP APIs: only these arrive as plain UTF-8 text; every other body (a missing
// content type and form posts included) arrives base64-encoded with isBase64Encoded: true.
const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

export function isTextMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.has(mediaType);
}

/** Builds the payload-format-2.0 event API Gateway HTTP API sends to a Lambda integration. */
export function buildApiGatewayEvent(
  request: IncomingRequestFacts,
  route: RouteFacts,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1).split('#')[0]!;
  const { headers, cookies } = collectHeaders(request);
  const queryStringParameters = parseQueryString(rawQueryString);
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');

  const requestContext = {
    accountId: route.accountId,
    apiId: route.apiId,
    ...(route.jwt ? { authorizer: { jwt: route.jwt } } : {}),
    domainName,
    domainPrefix: domainName.split('.')[0]!,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: route.requestId,
    routeKey: route.routeKey,
    stage: '$default',
    time: formatClfTime(route.now),
    timeEpoch: route.now.getTime(),
  };

  const hasBody = request.body.length > 0;
  const asText = isTextMediaType(headers['content-type']);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext,
    ...(hasBody ? { body: request.body.toString(asText ? 'utf8' : 'base64') } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    isBase64Encoded: hasBody && !asText,
  };
}

/**
 * Lower-cased names, duplicates joined with "," (no space, as API Gateway does), cookies
 * moved out of the headers into their own array, and the headers API Gateway adds itself.
 */
function collectHeaders(request: IncomingRequestFacts): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (HOP_BY_HOP.has(name)) continue;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c.length > 0));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId();
  return { headers, cookies };
}

/** Decoded values, duplicate keys joined with ","; undefined when there is no query (as in AWS). */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  // a Map, not an object: `constructor`, `toString` and `__proto__` are keys like any other (an object's prototype
  // would answer for them)
  const params = new Map<string, string>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryComponent(pair.slice(eq + 1));
    const before = params.get(key);
    params.set(key, before === undefined ? value : `${before},${value}`);
  }
  if (params.size === 0) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of params) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12/Mar/2020:19:03:58 +0000", the access-log time format API Gateway uses. */
export function formatClfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** API Gateway request ids look like "JKJaXmPLvHcESHA=" (11 random bytes, base64). */
export function newApiGatewayRequestId(): string {
  return randomBytes(11).toString('base64');
}

function traceId(): string {
  const epochHex = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epochHex}-${randomBytes(12).toString('hex')}`;
}
