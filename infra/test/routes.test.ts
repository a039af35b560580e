import { TABLES } from '@theta/store/tables';
import type { RouteDefinition } from '@theta/functions/routes';
import { findRepoRoot, validateRoutes } from '../lib/routes';
import { fixtureRoute } from './fixtures/routes';

const repoRoot = findRepoRoot(__dirname);
const ok: RouteDefinition = fixtureRoute({ id: 'Ok', method: 'GET', path: '/v1/ok' });

describe('validateRoutes', () => {
  test('accepts a valid table', () => {
    expect(() => validateRoutes([ok, { ...ok, id: 'Other', method: 'POST', tables: { bank: 'readwrite' } }], TABLES, repoRoot)).not.toThrow();
  });

  test.each([
    [[ok, { ...ok, method: 'POST' }], /Ok: duplicate id/],
    [[ok, { ...ok, id: 'Twin' }], /Twin: duplicate route "GET \/v1\/ok"/],
    [[{ ...ok, id: 'lowerCase' }], /PascalCase/],
    [[{ ...ok, entry: 'functions/src/nope.ts' }], /entry functions\/src\/nope.ts does not exist/],
    [[{ ...ok, tables: { nope: 'read' } as unknown as RouteDefinition['tables'] }], /unknown table "nope"/],
    [[{ ...ok, timeoutSeconds: 30 }], /timeoutSeconds must be 1..29/],
    [[{ ...ok, memoryMb: 64 }], /memoryMb/],
    [[{ ...ok, path: 'v1/ok' }], /path must start with/],
  ])('rejects %#', (routes, message) => {
    expect(() => validateRoutes(routes as RouteDefinition[], TABLES, repoRoot)).toThrow(message);
  });
});
