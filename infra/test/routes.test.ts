import { TABLES } from '@theta/store/tables';
import { JOBS, type JobDefinition } from '@theta/functions/jobs';
import type { RouteDefinition } from '@theta/functions/routes';
import { findRepoRoot, validateRoutes } from '../lib/routes';
import { fixtureRoute } from './fixtures/routes';

const repoRoot = findRepoRoot(__dirname);
const ok: RouteDefinition = fixtureRoute({ id: 'Ok', method: 'GET', path: '/v1/ok' });

describe('validateRoutes', () => {
  test('accepts a valid table', () => {
    const other: RouteDefinition = { ...ok, id: 'Other', method: 'POST', tables: { bank: { actions: ['GetItem', 'PutItem'], queryIndexes: ['gsi1'] }, taskers: { actions: [] } } };
    expect(() => validateRoutes([ok, other], TABLES, repoRoot)).not.toThrow();
  });

  test.each([
    [[ok, { ...ok, method: 'POST' }], /Ok: duplicate id/],
    [[ok, { ...ok, id: 'Twin' }], /Twin: duplicate route "GET \/v1\/ok"/],
    [[{ ...ok, id: 'lowerCase' }], /PascalCase/],
    [[{ ...ok, entry: 'functions/src/nope.ts' }], /entry functions\/src\/nope.ts does not exist/],
    [[{ ...ok, tables: { nope: { actions: ['GetItem'] } } as unknown as RouteDefinition['tables'] }], /unknown table "nope"/],
    [[{ ...ok, tables: { bank: 'read' } as unknown as RouteDefinition['tables'] }], /Ok, table bank: actions must be a list/],
    [[{ ...ok, tables: { bank: { actions: ['Scan'] } } as unknown as RouteDefinition['tables'] }], /Ok, table bank: unknown or never granted action "Scan"/],
    [[{ ...ok, tables: { bank: { actions: ['dynamodb:GetItem'] } } as unknown as RouteDefinition['tables'] }], /never granted action "dynamodb:GetItem"/],
    [[{ ...ok, tables: { bank: { actions: ['GetItem', 'GetItem'] } } }], /Ok, table bank: an action is listed twice/],
    [[{ ...ok, tables: { taskers: { actions: ['Query'], queryIndexes: ['gsi9'] } } }], /Ok, table taskers: unknown index "gsi9" \(indexes: gsi1\)/],
    [[{ ...ok, timeoutSeconds: 30 }], /timeoutSeconds must be 1..29/],
    [[{ ...ok, memoryMb: 64 }], /memoryMb/],
    [[{ ...ok, path: 'v1/ok' }], /path must start with/],
  ])('rejects %#', (routes, message) => {
    expect(() => validateRoutes(routes as RouteDefinition[], TABLES, repoRoot)).toThrow(message);
  });

  test('checks the scheduled jobs too: the real ones pass', () => {
    expect(() => validateRoutes([ok], TABLES, repoRoot, JOBS)).not.toThrow();
  });

  const job = JOBS[0] as JobDefinition;
  test.each([
    [[job, job], /job ExpireIdlePlacements: duplicate id/],
    [[{ ...job, id: 'Ok' }], /Ok: duplicate id/],
    [[{ ...job, entry: 'functions/src/nope.ts' }], /job ExpireIdlePlacements: entry functions\/src\/nope.ts does not exist/],
    [[{ ...job, everyMinutes: 0.5 }], /everyMinutes must be a whole number/],
    [[{ ...job, timeoutSeconds: 901 }], /timeoutSeconds must be 1..900/],
    [[{ ...job, tables: { sessions: { actions: ['Query'], queryIndexes: ['gsi9'] } } }], /job ExpireIdlePlacements, table sessions: unknown index "gsi9"/],
  ])('rejects job %#', (jobs, message) => {
    expect(() => validateRoutes([ok], TABLES, repoRoot, jobs as JobDefinition[])).toThrow(message);
  });
});
