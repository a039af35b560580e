// The rate counters against DynamoDB Local, driven by the one enforcement function with explicit clocks: a window
// counts up to its limit and never past it under concurrency, the next window starts from zero, Retry-After is the
// time left in the window, and keys (rule × subject) do not share counts.
import { TooManyRequestsError } from '@theta/assessment/errors';
import { enforceRateLimits, type RateLimitRule } from '@theta/http';
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { DynamoRateLimiter } from '../src/rate-limiter';

const tables = useFreshTables('rates');
let clients: LocalDynamoDbClients;
let names: TableNames;
beforeAll(() => {
  ({ clients, names } = tables);
});

const RULES: RateLimitRule[] = [{ name: 'answers', perMinute: 5, by: 'principal' }];
const tasker = (sub: string) => ({ sub, roles: ['tasker'] }) as never;
// a minute boundary a day ahead, plus `s` seconds: the counters' TTL (`expiration`) must be in the future, or
// DynamoDB Local's TTL sweeper deletes them mid-test (a fixed date here broke the day it passed)
const BASE_MS = Math.ceil(Date.now() / 60_000) * 60_000 + 86_400_000;
const at = (s: number) => BASE_MS + s * 1000;

async function outcome(limiter: DynamoRateLimiter, sub: string, nowMs: number): Promise<number | 'ok'> {
  try {
    await enforceRateLimits(limiter, RULES, tasker(sub), undefined, nowMs);
    return 'ok';
  } catch (error) {
    if (error instanceof TooManyRequestsError) return error.retryAfterSeconds;
    throw error;
  }
}

test('20 concurrent requests in one window: exactly 5 pass; Retry-After is what is left of the minute', async () => {
  const limiter = new DynamoRateLimiter(clients.doc, names.idempotency);
  const results = await Promise.all(Array.from({ length: 20 }, () => outcome(limiter, 't1', at(15))));
  expect(results.filter((r) => r === 'ok')).toHaveLength(5);
  expect(results.filter((r) => r !== 'ok')).toEqual(Array(15).fill(45));
  expect(await outcome(limiter, 't1', at(59.5))).toBe(1); // never 0: a client would retry at once
});

test('the next minute starts from zero; another subject has its own count', async () => {
  const limiter = new DynamoRateLimiter(clients.doc, names.idempotency);
  for (let k = 0; k < 5; k++) expect(await outcome(limiter, 't2', at(61))).toBe('ok');
  expect(await outcome(limiter, 't2', at(62))).toBe(58);
  expect(await outcome(limiter, 't3', at(62))).toBe('ok');
  expect(await outcome(limiter, 't2', at(120))).toBe('ok');
});
