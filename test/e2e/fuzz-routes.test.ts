// Property-based fuzzing of every route of ROUTES (docs/security.md, "Fuzzing") through the local API Gateway, the
// real handlers and DynamoDB Local (seeded). Per route, for every kind of bad request its contract allows
// (test/support/fuzz-requests.ts): each answer is exactly the 4xx the gateway or the handler owes (never a 5xx,
// never a 2xx), with a JSON error naming the problem (the fields, for a 400) and the request id; afterwards no table
// changed (rate-limit counters aside) and Object.prototype is untouched (the handlers run in this process).
// Deterministic: FUZZ_SEED (default below) seeds every property; a failure prints it with fast-check's own seed/path.
import * as fc from 'fast-check';
import { ROUTES, type RouteDefinition } from '@theta/functions/routes';
import { DEV_ROLES, type DevRole } from '@theta/local';
import { applyMutation, type Mutation, VALID_BODIES } from '../support/fuzz-examples';
import { expectedAnswer, type Expected, FILLER_ID, type FuzzCase, type FuzzKind, type FuzzTokens, routeFuzzer, toRawRequest } from '../support/fuzz-requests';
import { type RawResponse, sendRaw, snapshotTables, tableChanges } from '../support/fuzz-wire';
import { startLocalStack, type LocalStack } from '../support/local-stack';

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 1313);
/** more runs per kind for a deeper search by hand (FUZZ_SCALE=10); the suite runs at 1 */
const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** runs per kind and route: the cheap, varied kinds get more; the 10 MB one a single run */
const RUNS: Record<FuzzKind, number> = {
  'no-token': 2,
  'bad-token': 4,
  'wrong-role': 4,
  'wrong-method': 2,
  'bad-path-shape': 3,
  'bad-path-param': 8,
  'bad-query': 8,
  'bad-header': 6,
  'missing-body': 2,
  'malformed-json': 4,
  'wrong-content-type': 4,
  'invalid-body': 12,
  'mutated-body': 16,
  'body-over-route-limit': 1,
  'body-over-gateway-limit': 1,
};

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  requestId?: unknown;
  message?: unknown;
}

let stack: LocalStack;
/** the tables after the last route's run, when it passed: the next route's "before" (nothing else writes between) */
let lastSnapshot: Set<string> | undefined;
/** statuses answered, per route: printed at the end (docs/security.md, "Fuzzing") */
const answered = new Map<string, Map<number, number>>();

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
}, 120_000);

afterAll(async () => {
  const total = new Map<number, number>();
  for (const statuses of answered.values()) for (const [status, n] of statuses) total.set(status, (total.get(status) ?? 0) + n);
  const requests = [...total.values()].reduce((a, b) => a + b, 0);
  console.log(`fuzzed ${answered.size} routes, ${requests} requests (FUZZ_SEED=${FUZZ_SEED}): ${[...total].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  await stack?.stop();
});

/** FNV-1a: a seed per route and kind, so adding a route or a kind leaves the others' cases as they were */
function seedFor(...parts: string[]): number {
  let hash = 0x811c9dc5 ^ FUZZ_SEED;
  for (const char of parts.join('/')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}

async function tokensFor(route: RouteDefinition): Promise<FuzzTokens> {
  // a subject per route: limited routes count per principal, and no route's run can use up another's allowance
  const sub = `fuzz-${route.id}`;
  const access = route.contract.access === 'public' ? [] : route.contract.access;
  const refused = DEV_ROLES.filter((role) => !(access as readonly string[]).includes(role));
  const allowed = await Promise.all((access as readonly DevRole[]).map((role) => stack.tokenFor(role, sub)));
  const wrong = await Promise.all([
    stack.tokenFor([], sub),
    // well-formed groups that are not Theta roles (one differs from a role only by case)
    stack.tokenFor([], sub, { claims: { 'cognito:groups': ['admin', 'Ops', 'tasker-admin'] } }),
    ...refused.map((role) => stack.tokenFor(role, sub)),
    ...(refused.length > 1 ? [stack.tokenFor(refused, sub)] : []),
  ]);
  const good = await stack.tokenFor('ops', sub);
  const [header, payload, signature] = good.split('.') as [string, string, string];
  const expired = await stack.tokenFor('ops', sub, { issuedAt: Math.floor(Date.now() / 1000) - 7200, ttlSeconds: 3600 });
  // a role name with a trailing space is a malformed claim, not an unknown group (docs/security.md, "Token claims")
  const spacedRole = await stack.tokenFor([], sub, { claims: { 'cognito:groups': ['ops '] } });
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
  const bad = [
    'Bearer',
    'Bearer ',
    'Bearer garbage',
    'Basic dXNlcjpwYXNzd29yZA==',
    good,
    `Bearer ${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
    `Bearer ${header}.${payload}`,
    `Bearer ${unsigned}`,
    `Bearer ${expired}`,
    `Bearer ${good} ${good}`,
    `Bearer ${spacedRole}`,
  ];
  return { allowed, wrong, bad };
}

/** the answer as the property sees it; throws with what differed */
function checkAnswer(expected: Expected, response: RawResponse): void {
  const snippet = response.text.slice(0, 400);
  if (response.status !== expected.status) throw new Error(`expected ${expected.status} from the ${expected.from}, got ${response.status}: ${snippet}`);
  const requestId = response.headers['apigw-requestid'];
  if (typeof requestId !== 'string' || requestId === '') throw new Error('no apigw-requestid header');
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.text) as ErrorBody;
  if (expected.from === 'gateway') {
    // API Gateway's own body: only a message (the request id is in the header)
    expect(Object.keys(body)).toEqual(['message']);
    expect(typeof body.message === 'string' && body.message.length > 0).toBe(true);
    return;
  }
  expect(body.requestId).toBe(requestId);
  expect(body.error?.code).toBe(expected.code);
  const message = body.error?.message;
  if (typeof message !== 'string' || message.length === 0) throw new Error(`no error message: ${snippet}`);
  if (expected.status !== 400) return;
  const details = body.error?.details as { path?: unknown; message?: unknown }[] | undefined;
  if (!Array.isArray(details) || details.length === 0) throw new Error(`a 400 without details: ${snippet}`);
  for (const detail of details) {
    if (typeof detail.path !== 'string' || !/^(path|query|headers|body)(\.|$)/.test(detail.path)) throw new Error(`a detail without a field path: ${JSON.stringify(detail)}`);
    if (typeof detail.message !== 'string' || detail.message.length === 0) throw new Error(`a detail without a message: ${JSON.stringify(detail)}`);
    // the top message names every field too (a client logging only the message still sees where)
    expect(message).toContain(detail.path);
  }
  expect([...new Set(details.map((d) => (d.path as string).split('.')[0]))].sort()).toEqual([...expected.parts].sort());
}

/** routes grouped by their first path segment after /v1 */
const GROUPS = [...new Set(ROUTES.map((r) => r.path.split('/')[2]!))].map((group) => [group, ROUTES.filter((r) => r.path.split('/')[2] === group)] as const);

describe.each(GROUPS)('fuzzing /v1/%s', (_group, routes) => {
  test.each(routes.map((route) => [`${route.id} ${route.method} ${route.path}`, route] as const))(
    '%s: every bad request gets its 4xx with a clear error, and storage is unchanged',
    async (_name, route) => {
      const example = VALID_BODIES[route.id];
      // the example a mutation breaks must itself be valid, or its mutations prove nothing
      if (example !== undefined) expect((route.contract.documentedBody ?? route.contract.body)?.safeParse(example).success).toBe(true);
      const tokens = await tokensFor(route);
      const fuzzer = routeFuzzer(route, tokens);
      const sent = new Map<FuzzKind, number>();
      const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      const before = lastSnapshot ?? (await snapshotTables(stack));
      lastSnapshot = undefined;
      const statuses = new Map<number, number>();
      answered.set(route.id, statuses);

      for (const kind of fuzzer.kinds) {
        const seed = seedFor(route.id, kind);
        const property = fc.asyncProperty(fuzzer.arbitrary(kind), async (fuzzCase) => {
          const expected = expectedAnswer(route, fuzzCase, tokens);
          fc.pre(expected !== 'discard');
          const response = await sendRaw(stack.baseUrl, toRawRequest(fuzzCase, tokens));
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          checkAnswer(expected, response);
          sent.set(kind, (sent.get(kind) ?? 0) + 1);
        });
        try {
          await fc.assert(property, { seed, numRuns: Math.max(1, Math.round(RUNS[kind] * FUZZ_SCALE)), maxSkipsPerRun: 50 });
        } catch (error) {
          throw new Error(`${route.id} ${kind} (FUZZ_SEED=${FUZZ_SEED}, seed ${seed}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }

      // every kind that applies was really sent (a kind whose cases were all discarded fuzzes nothing)
      expect(fuzzer.kinds.filter((kind) => !sent.has(kind))).toEqual([]);
      const after = await snapshotTables(stack);
      expect(tableChanges(before, after)).toEqual({ added: [], removed: [] });
      lastSnapshot = after;
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    60_000 * FUZZ_SCALE,
  );
});

// Cases the fuzzer found, kept as they were found (docs/security.md, "Fuzzing", "Findings").
describe('fuzz findings, kept as regressions', () => {
  const deepObject = (depth: number) => `${'{"items":'.repeat(depth)}1${'}'.repeat(depth)}`;
  // FUZZ_SEED=99 FUZZ_SCALE=4, ImportItems mutated-body: an item's `content` nested ~5,000 levels deep overflowed the
  // stack of JSON.stringify in the batch-size check (import-batches.ts) → 500. Now refused as JSON nested too deep.
  const cases: [string, Mutation][] = [
    ['ImportItems', { op: 'replace', at: ['items', 0, 'content'], value: deepObject(5_000) }],
    // the same depth in the first field of every other route's example
    ...Object.entries(VALID_BODIES)
      .filter(([id]) => id !== 'ImportItems')
      .map(([id, example]): [string, Mutation] => [id, { op: 'replace', at: [Object.keys(example as object)[0] ?? 'x'], value: deepObject(5_000) }]),
  ];
  test.each(cases)('%s: a body nested 5,000 levels deep is a 400 naming body, not a 500, and writes nothing', async (routeId, mutation) => {
    const route = ROUTES.find((r) => r.id === routeId)!;
    const tokens = await tokensFor(route);
    const fuzzCase: FuzzCase = {
      kind: 'mutated-body',
      method: route.method,
      target: route.path.replace(/\{[^}]+\}/g, FILLER_ID),
      token: { kind: 'allowed', index: 0 },
      headers: { 'content-type': 'application/json', ...(route.contract.headers ? { 'idempotency-key': 'fuzz-key-regression' } : {}) },
      body: { text: applyMutation(VALID_BODIES[routeId], mutation) },
    };
    const expected = expectedAnswer(route, fuzzCase, tokens);
    expect(expected).toEqual({ from: 'handler', status: 400, code: 'validation_failed', parts: ['body'] });
    const before = await snapshotTables(stack);
    const response = await sendRaw(stack.baseUrl, toRawRequest(fuzzCase, tokens));
    checkAnswer(expected as Expected, response);
    expect(JSON.parse(response.text).error.details).toEqual([{ path: 'body', message: 'nested deeper than 64 levels' }]);
    expect(tableChanges(before, await snapshotTables(stack))).toEqual({ added: [], removed: [] });
  });

  test('brackets inside strings (escaped quotes included) do not count as nesting: the field is what is reported', async () => {
    const route = ROUTES.find((r) => r.id === 'StartPlacement')!;
    const tokens = await tokensFor(route);
    const taskerId = `\\"${'[{'.repeat(100)}`;
    const fuzzCase: FuzzCase = {
      kind: 'invalid-body',
      method: route.method,
      target: route.path,
      token: { kind: 'allowed', index: 0 },
      headers: { 'content-type': 'application/json' },
      body: { text: JSON.stringify({ taskerId, profile: { declaredDomains: [] } }) },
    };
    const response = await sendRaw(stack.baseUrl, toRawRequest(fuzzCase, tokens));
    checkAnswer({ from: 'handler', status: 400, code: 'validation_failed', parts: ['body'] }, response);
    expect((JSON.parse(response.text) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toEqual(['body.taskerId']);
  });
});
