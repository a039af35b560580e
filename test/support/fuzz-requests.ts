// What the route fuzzer (test/e2e/fuzz-routes.test.ts) sends, and what each request must get back.
// Generators make requests meant to be invalid; `expectedAnswer` then works out, from the route table, the
// matcher and the route's zod contract, what API Gateway and the handler must answer. A request the contract
// would accept, or one that lands on another route, is discarded (fc.pre), never sent.
import * as fc from 'fast-check';
import type * as z from 'zod';
import { ROUTES, type RouteDefinition } from '@theta/functions/routes';
import { httpConfig, MAX_JSON_DEPTH } from '@theta/http';
import { buildApiGatewayEvent, createRouteMatcher, MAX_PAYLOAD_BYTES } from '@theta/local';
import { applyMutation, type Mutation, mutationOf, VALID_BODIES } from './fuzz-examples';
import type { RawRequest } from './fuzz-wire';

export type FuzzKind =
  | 'no-token'
  | 'bad-token'
  | 'wrong-role'
  | 'wrong-method'
  | 'bad-path-shape'
  | 'bad-path-param'
  | 'bad-query'
  | 'bad-header'
  | 'missing-body'
  | 'malformed-json'
  | 'wrong-content-type'
  | 'invalid-body'
  | 'mutated-body'
  | 'body-over-route-limit'
  | 'body-over-gateway-limit';

export type RequestPart = 'path' | 'query' | 'headers' | 'body';

/** which token a request carries: one of an allowed role, of roles the route refuses, a broken one, or none */
export type TokenChoice = { kind: 'allowed' | 'wrong' | 'bad'; index: number } | { kind: 'none' };

export interface FuzzTokens {
  allowed: string[];
  wrong: string[];
  /** authorization header values API Gateway's JWT authorizer must refuse */
  bad: string[];
}

/** A generated request: small enough to print as a counterexample (huge bodies are built from their size). */
export interface FuzzCase {
  kind: FuzzKind;
  method: string;
  /** path and query as they go on the request line */
  target: string;
  token: TokenChoice;
  headers: Record<string, string | string[]>;
  body?: { text: string } | { bytes: number[] } | { oversizeBytes: number };
  /** mutated-body: what was changed in the route's valid example (test/support/fuzz-examples.ts) */
  mutation?: Mutation;
}

export type Expected =
  | { from: 'gateway'; status: 401 | 404 | 405 | 413 }
  | { from: 'handler'; status: 403; code: 'forbidden_role' }
  | { from: 'handler'; status: 413; code: 'payload_too_large' }
  | { from: 'handler'; status: 415; code: 'unsupported_media_type' }
  /** `parts`: exactly the request parts the error's details must name */
  | { from: 'handler'; status: 400; code: 'validation_failed'; parts: RequestPart[] };

const matchRoute = createRouteMatcher(ROUTES);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const FILLER_ID = 'fuzz-none';
const FILLER_IDEMPOTENCY_KEY = 'fuzz-key-00000001';

// --- odd text

/** percent-encodes any UTF-16 string, lone surrogates included (as their WTF-8 bytes, which no decoder accepts) */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(char);
  }
  return out;
}

const ODD_CHARS = ['\u0000', '\u202e', '\u200f', '\u200b', '\ufeff', '\ud800', '\udfff', '😀', '👩‍👩‍👧', 'e\u0301', '\uffff', '\\', '"', '\n', '/', '%', '.', '<', "'", ' '];
const oddChar = fc.oneof(fc.constantFrom(...ODD_CHARS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
export const oddString = fc.string({ unit: oddChar, minLength: 1, maxLength: 24 });
const hugeString = fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n));
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

function shapeKeys(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

// --- JSON text, written by hand so that keys like __proto__ and duplicate keys reach the wire as they are

function jsonText(keys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(fc.constantFrom(...keys, ...PROTO_KEYS), oddString);
  const { value } = fc.letrec<{ value: string; leaf: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
    leaf: fc.oneof(
      fc.constantFrom('null', 'true', 'false', '0', '-0', '1e309', '-1e309', '1.5', '9007199254740993', '-1', '1e-400', '""'),
      fc.integer().map(String),
      oddString.map((s) => JSON.stringify(s)),
      hugeString.map((s) => JSON.stringify(s)),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  /** every field of the contract, each with an arbitrary value, plus extra keys */
  const knownFields = fc
    .tuple(fc.array(value, { minLength: keys.length, maxLength: keys.length }), fc.array(fc.tuple(key, value), { maxLength: 2 }))
    .map(([values, extra]) => `{${[...keys.map((k, i) => [k, values[i]!] as const), ...extra].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
  const deep = fc.tuple(fc.integer({ min: 100, max: 5_000 }), fc.boolean(), fc.constantFrom(...keys, ...PROTO_KEYS, 'a')).map(([depth, asArrays, k]) =>
    asArrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${`{${JSON.stringify(k)}:`.repeat(depth)}1${'}'.repeat(depth)}`,
  );
  const hugeArray = fc.tuple(fc.integer({ min: 1_000, max: 10_000 }), fc.constantFrom('0', '"x"', '{}', '[]', 'null')).map(([n, item]) => `[${Array(n).fill(item).join(',')}]`);
  const pollution = fc.constantFrom(
    '{"__proto__":{"polluted":true,"roles":["ops"],"isAdmin":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"__proto__":null}',
    '{"prototype":{"polluted":true},"__proto__":[]}',
  );
  return fc.oneof(value, knownFields, deep, hugeArray, pollution);
}

const MALFORMED_JSON = ['{"truncated": ', '{', '[', '{"a":1,}', "{'a':1}", 'NaN', 'undefined', '\ufeff{}', '{"a":01}', '{"a":"\\x41"}', '{"a":"unterminated}', '}{', '{"a" 1}', '[1,]', '{"a":1}{"b":2}', '"\\ud800', '--', ' '];

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/jsonx',
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json;charset="windows-1252"',
  'application/octet-stream',
  '*/*',
  'json',
];

// --- the cases, per kind

export interface RouteFuzzer {
  route: RouteDefinition;
  kinds: FuzzKind[];
  arbitrary(kind: FuzzKind): fc.Arbitrary<FuzzCase>;
}

/** the route's path with every parameter filled in by `fill` (already encoded) */
function pathWith(route: RouteDefinition, fill: (name: string) => string): string {
  return route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => fill(name));
}

function baseHeaders(route: RouteDefinition): Record<string, string> {
  return {
    ...(route.contract.headers ? { 'idempotency-key': FILLER_IDEMPOTENCY_KEY } : {}),
    ...(route.contract.body ? { 'content-type': 'application/json' } : {}),
  };
}

function bodyLimit(route: RouteDefinition): number {
  return route.contract.maxBodyBytes ?? httpConfig.THETA_MAX_BODY_BYTES;
}

/**
 * The kinds that apply to a route, from its contract. Every route gets the routing kinds; an authenticated one the
 * token kinds; each part of the contract its own. Throws for a contract part the fuzzer has no generator for.
 */
export function routeFuzzer(route: RouteDefinition, tokens: FuzzTokens): RouteFuzzer {
  const contract = route.contract;
  const known = new Set(['summary', 'description', 'access', 'ownership', 'params', 'query', 'headers', 'body', 'documentedBody', 'maxBodyBytes', 'rateLimits', 'responses']);
  const unknownParts = Object.keys(contract).filter((k) => !known.has(k));
  if (unknownParts.length > 0) throw new Error(`${route.id}: the fuzzer has no generator for contract part(s) ${unknownParts.join(', ')}`);
  const paramNames = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if ((paramNames.length > 0) !== (contract.params !== undefined)) throw new Error(`${route.id}: path parameters and contract.params disagree`);
  const headerKeys = shapeKeys(contract.headers);
  if (contract.headers && headerKeys.length === 0) throw new Error(`${route.id}: the fuzzer only knows headers schemas that are objects`);

  const isPublic = contract.access === 'public';
  const kinds: FuzzKind[] = [
    'wrong-method',
    'bad-path-shape',
    ...(isPublic ? [] : (['no-token', 'bad-token', ...(tokens.wrong.length > 0 ? (['wrong-role'] as const) : [])] as const)),
    ...(contract.params ? (['bad-path-param'] as const) : []),
    ...(contract.query ? (['bad-query'] as const) : []),
    ...(contract.headers ? (['bad-header'] as const) : []),
    ...(contract.body ? (['missing-body', 'malformed-json', 'wrong-content-type', 'invalid-body', 'body-over-route-limit', 'body-over-gateway-limit'] as const) : []),
    ...(contract.body && VALID_BODIES[route.id] !== undefined ? (['mutated-body'] as const) : []),
  ];
  const fillerPath = pathWith(route, () => FILLER_ID);
  const allowedToken: fc.Arbitrary<TokenChoice> = isPublic ? fc.constant({ kind: 'none' }) : fc.nat({ max: tokens.allowed.length - 1 }).map((index) => ({ kind: 'allowed', index }));
  const base = (kind: FuzzKind, over: Partial<FuzzCase> = {}): FuzzCase => ({
    kind,
    method: route.method,
    target: fillerPath,
    headers: baseHeaders(route),
    ...(contract.body ? { body: { text: '{}' } } : {}),
    ...over,
    token: over.token ?? { kind: 'none' },
  });
  const withToken = (arb: fc.Arbitrary<Omit<FuzzCase, 'token'>>) => fc.tuple(arb, allowedToken).map(([c, token]) => ({ ...c, token }));
  const bodyKeys = shapeKeys(contract.documentedBody ?? contract.body);

  const arbitraries: Record<FuzzKind, () => fc.Arbitrary<FuzzCase>> = {
    'no-token': () => fc.constantFrom(undefined, 'invalid JSON', 'not json at all').map((text) => base('no-token', text === undefined ? {} : { body: { text } })),
    'bad-token': () => fc.nat({ max: tokens.bad.length - 1 }).map((index) => base('bad-token', { token: { kind: 'bad', index } })),
    'wrong-role': () =>
      fc
        .tuple(fc.nat({ max: Math.max(0, tokens.wrong.length - 1) }), fc.option(fc.oneof(fc.constantFrom(...MALFORMED_JSON), jsonText(bodyKeys)), { nil: undefined }))
        .map(([index, text]) => base('wrong-role', { token: { kind: 'wrong', index }, ...(text !== undefined && contract.body ? { body: { text } } : {}) })),
    'wrong-method': () =>
      withToken(fc.constantFrom(...METHODS.filter((m) => m !== route.method)).map((method) => ({ ...base('wrong-method'), method, body: { text: '{}' } }))),
    'bad-path-shape': () =>
      withToken(
        fc
          .oneof(fc.constantFrom('/', '//', '/.', '/..', '/%2F', '/~fuzz', '/%00'), oddString.map((s) => `/~${percentEncode(s)}`))
          .map((suffix) => ({ ...base('bad-path-shape'), target: `${fillerPath}${suffix}` })),
      ),
    'bad-path-param': () => {
      const raw = fc.oneof(
        fc.constantFrom('', '..', '.', '%2E%2E', '..%2F..%2Fetc%2Fpasswd', '%2F', 'a%2Fb', '%252F', '%', '%zz', '%E0%A4%A', '%C0%AF', '%00', 'a%20b', '%0A', '~'),
        oddString.map(percentEncode),
        fc.integer({ min: 65, max: 4_000 }).map((n) => 'a'.repeat(n)),
        fc.string({ unit: fc.constantFrom('a', '-', '_', '😀', '\u202e'), minLength: 1, maxLength: 80 }).map(percentEncode),
      );
      return withToken(
        fc.tuple(fc.constantFrom(...paramNames), raw).map(([name, value]) => ({ ...base('bad-path-param'), target: pathWith(route, (n) => (n === name ? value : FILLER_ID)) })),
      );
    },
    'bad-query': () => {
      const keys = shapeKeys(contract.query);
      const key = fc.oneof(fc.constantFrom(...keys, ...PROTO_KEYS, 'toString', 'hasOwnProperty'), oddString).map(percentEncode);
      const value = fc.oneof(
        fc.constantFrom('', 'abc', '-1', '0', '1e309', 'NaN', 'Infinity', '0x1f', '1.5', 'true', 'null', '[]', '{}', '9007199254740993', '%zz', '%E0%A4%A'),
        oddString.map(percentEncode),
        fc.integer({ min: 100, max: 4_000 }).map((n) => 'q'.repeat(n)),
      );
      const pair = fc.tuple(key, fc.option(value, { nil: undefined })).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
      return withToken(fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => ({ ...base('bad-query'), target: `${fillerPath}?${pairs.join('&')}` })));
    },
    'bad-header': () => {
      const value = fc.oneof(
        fc.constantFrom('', 'short', 'has spaces in it', 'abc/def/ghi', 'key#with#hash', 'quote"inside"it', 'ünïcödé-key-latin1', 'tab\there-it-is'),
        fc.integer({ min: 129, max: 6_000 }).map((n) => 'k'.repeat(n)),
        fc.string({ unit: fc.constantFrom('a', '!', '$', '[', '{', '@', '\u00e9'), minLength: 1, maxLength: 40 }),
      );
      const name = fc.constantFrom(...headerKeys);
      const change = fc.oneof(
        fc.tuple(name, value).map(([n, v]) => ({ name: n, to: v as string | string[] | undefined })),
        // sent twice: API Gateway joins the values with ","
        fc.tuple(name, value).map(([n, v]) => ({ name: n, to: [FILLER_IDEMPOTENCY_KEY, v] })),
        name.map((n) => ({ name: n, to: undefined })),
      );
      return withToken(
        change.map(({ name: header, to }) => {
          const headers: Record<string, string | string[]> = { ...baseHeaders(route) };
          if (to === undefined) delete headers[header];
          else headers[header] = to;
          return { ...base('bad-header'), headers };
        }),
      );
    },
    'missing-body': () =>
      withToken(
        fc.boolean().map((withType) => {
          const { body: _none, ...rest } = base('missing-body');
          const headers = { ...rest.headers };
          if (!withType) delete headers['content-type'];
          return { ...rest, headers };
        }),
      ),
    'malformed-json': () =>
      withToken(
        fc
          .oneof(fc.constantFrom(...MALFORMED_JSON), fc.string({ maxLength: 40 }).filter((s) => s.trim() !== '' && !parses(s)))
          .map((text) => ({ ...base('malformed-json'), body: { text } })),
      ),
    'wrong-content-type': () =>
      withToken(
        fc
          .tuple(fc.option(fc.constantFrom(...WRONG_CONTENT_TYPES), { nil: undefined }), fc.constantFrom('{}', '{"a":1}', '[]'))
          .map(([type, text]) => {
            const headers = { ...baseHeaders(route) };
            if (type === undefined) delete headers['content-type'];
            else headers['content-type'] = type;
            return { ...base('wrong-content-type'), headers, body: { text } };
          }),
      ),
    'invalid-body': () =>
      withToken(
        fc.oneof(
          { weight: 4, arbitrary: jsonText(bodyKeys).map((text) => ({ text })) },
          // bytes that are not UTF-8 inside a string: the handler decodes them to U+FFFD
          { weight: 1, arbitrary: fc.constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82]).map((bad) => ({ bytes: [...Buffer.from('{"fuzz":"'), ...bad, ...Buffer.from('"}')] })) },
        ).map((body) => ({ ...base('invalid-body'), body })),
      ),
    'mutated-body': () => {
      const example = VALID_BODIES[route.id];
      const keys = fc.oneof(fc.constantFrom(...PROTO_KEYS, ...bodyKeys), oddString);
      return withToken(mutationOf(example, jsonText(bodyKeys), keys).map((mutation) => ({ ...base('mutated-body'), mutation, body: { text: applyMutation(example, mutation) } })));
    },
    'body-over-route-limit': () => withToken(fc.integer({ min: 1, max: 4_096 }).map((extra) => ({ ...base('body-over-route-limit'), body: { oversizeBytes: bodyLimit(route) + extra } }))),
    'body-over-gateway-limit': () => withToken(fc.integer({ min: 1, max: 1_024 }).map((extra) => ({ ...base('body-over-gateway-limit'), body: { oversizeBytes: MAX_PAYLOAD_BYTES + extra } }))),
  };
  return { route, kinds, arbitrary: (kind) => arbitraries[kind]() };
}

/** nesting of objects and arrays in a parsed value, without recursion (the values can be thousands deep) */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** the body's bytes: an oversize body is one JSON string of that many bytes (valid JSON: only its size is wrong) */
export function bodyBytes(fuzzCase: FuzzCase): Buffer | undefined {
  const body = fuzzCase.body;
  if (!body) return undefined;
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  if ('bytes' in body) return Buffer.from(body.bytes);
  return Buffer.from(`{"fuzz":"${'x'.repeat(body.oversizeBytes - 11)}"}`, 'utf8');
}

export function tokenHeader(choice: TokenChoice, tokens: FuzzTokens): string | undefined {
  if (choice.kind === 'none') return undefined;
  if (choice.kind === 'bad') return tokens.bad[choice.index];
  return `Bearer ${tokens[choice.kind][choice.index]}`;
}

export function toRawRequest(fuzzCase: FuzzCase, tokens: FuzzTokens): RawRequest {
  const authorization = tokenHeader(fuzzCase.token, tokens);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fuzzCase.headers)) headers[name] = value as string; // arrays: node sends one line each
  const body = bodyBytes(fuzzCase);
  return { method: fuzzCase.method, target: fuzzCase.target, headers: { ...headers, ...(authorization ? { authorization } : {}) }, ...(body ? { body } : {}) };
}

// --- what the answer must be

/** an independent reading of "JSON in UTF-8" (RFC 8259 §8.1): application/json or +json, charset absent or UTF-8 */
function isJsonUtf8(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  return params.every((p) => !p.startsWith('charset') || /^charset\s*=\s*"?utf-?8"?$/.test(p));
}

/**
 * What API Gateway and then the handler must answer, in the order they decide; `discard` for a request the contract
 * accepts or one that reaches another route (not this route's invalid request).
 */
export function expectedAnswer(route: RouteDefinition, fuzzCase: FuzzCase, tokens: FuzzTokens): Expected | 'discard' {
  const raw = toRawRequest(fuzzCase, tokens);
  const body = raw.body ?? Buffer.alloc(0);
  if (body.length > MAX_PAYLOAD_BYTES) return { from: 'gateway', status: 413 };
  const rawPath = raw.target.split('?')[0]!;
  const matched = matchRoute(raw.method, rawPath);
  if (matched.kind === 'not-found') return { from: 'gateway', status: 404 };
  if (matched.kind === 'method-not-allowed') return { from: 'gateway', status: 405 };
  if (matched.route.id !== route.id) return 'discard';
  if (!route.public) {
    if (fuzzCase.token.kind === 'none' || fuzzCase.token.kind === 'bad') return { from: 'gateway', status: 401 };
    if (fuzzCase.token.kind === 'wrong') return { from: 'handler', status: 403, code: 'forbidden_role' };
  }
  const rawHeaders = Object.entries(fuzzCase.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value]));
  const event = buildApiGatewayEvent(
    { method: raw.method, url: raw.target, rawHeaders, body, sourceIp: '127.0.0.1', httpVersion: '1.1', localPort: 0 },
    { routeKey: matched.routeKey, ...(matched.pathParameters ? { pathParameters: matched.pathParameters } : {}), requestId: 'oracle', now: new Date(), accountId: '0', apiId: 'oracle' },
  );
  const contract = route.contract;
  let parsedBody: unknown;
  if (contract.body && event.body !== undefined && event.body !== '') {
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (Buffer.byteLength(text, 'utf8') > bodyLimit(route)) return { from: 'handler', status: 413, code: 'payload_too_large' };
    if (!isJsonUtf8(event.headers['content-type'])) return { from: 'handler', status: 415, code: 'unsupported_media_type' };
    try {
      parsedBody = JSON.parse(text);
    } catch {
      return { from: 'handler', status: 400, code: 'validation_failed', parts: ['body'] };
    }
    // refused before any part is validated: the only problem reported is the body's
    if (depthOf(parsedBody) > MAX_JSON_DEPTH) return { from: 'handler', status: 400, code: 'validation_failed', parts: ['body'] };
  }
  const invalid: RequestPart[] = [];
  if (contract.params && !contract.params.safeParse(event.pathParameters ?? {}).success) invalid.push('path');
  if (contract.query && !contract.query.safeParse(event.queryStringParameters ?? {}).success) invalid.push('query');
  if (contract.headers && !contract.headers.safeParse(event.headers).success) invalid.push('headers');
  // a body the handler takes whole (z.unknown) is judged by the shape the route documents
  if (contract.body && (parsedBody === undefined || !(contract.documentedBody ?? contract.body).safeParse(parsedBody).success)) invalid.push('body');
  return invalid.length > 0 ? { from: 'handler', status: 400, code: 'validation_failed', parts: invalid } : 'discard';
}
