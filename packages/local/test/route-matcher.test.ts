import { createRouteMatcher, type ServedRoute } from '@theta/local';

const route = (id: string, method: ServedRoute['method'], path: string): ServedRoute => ({ id, method, path, entry: 'x.ts' });

describe('createRouteMatcher (API Gateway path templates)', () => {
  const match = createRouteMatcher([
    route('GetHealth', 'GET', '/v1/health'),
    route('GetItem', 'GET', '/v1/items/{id}'),
    route('PutItem', 'PUT', '/v1/items/{id}'),
    route('GetSpecial', 'GET', '/v1/items/special'),
    route('GetPart', 'GET', '/v1/items/{id}/parts/{partId}'),
    route('GetFile', 'GET', '/files/{proxy+}'),
    route('GetFileMeta', 'GET', '/files/meta'),
  ]);

  it('matches a literal path without pathParameters', () => {
    expect(match('GET', '/v1/health')).toEqual({ kind: 'matched', route: expect.objectContaining({ id: 'GetHealth' }), routeKey: 'GET /v1/health' });
  });

  it('extracts {param} segments', () => {
    expect(match('GET', '/v1/items/42/parts/a-b')).toMatchObject({
      kind: 'matched',
      routeKey: 'GET /v1/items/{id}/parts/{partId}',
      pathParameters: { id: '42', partId: 'a-b' },
    });
  });

  it('decodes parameter values, as API Gateway does', () => {
    expect(match('GET', '/v1/items/hello%20world%2Fx')).toMatchObject({ pathParameters: { id: 'hello world/x' } });
  });

  it('prefers a literal segment over a {param}', () => {
    expect(match('GET', '/v1/items/special')).toMatchObject({ route: { id: 'GetSpecial' } });
    expect(match('PUT', '/v1/items/special')).toMatchObject({ route: { id: 'PutItem' }, pathParameters: { id: 'special' } });
  });

  it('{proxy+} greedily takes the rest of the path, but a literal route wins', () => {
    expect(match('GET', '/files/a/b/c.txt')).toMatchObject({ route: { id: 'GetFile' }, pathParameters: { proxy: 'a/b/c.txt' } });
    expect(match('GET', '/files/meta')).toMatchObject({ route: { id: 'GetFileMeta' } });
    expect(match('GET', '/files')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/files/')).toEqual({ kind: 'not-found' });
  });

  it('is 404 for unknown paths, empty parameters, extra segments and trailing slashes', () => {
    for (const path of ['/nope', '/v1/items/', '/v1/items//parts/x', '/v1/health/extra', '/v1/health/', '/']) {
      expect(match('GET', path)).toEqual({ kind: 'not-found' });
    }
  });

  it('is 405 with the allowed methods when the path exists with other methods', () => {
    expect(match('DELETE', '/v1/items/7')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'PUT'] });
    expect(match('POST', '/v1/health')).toEqual({ kind: 'method-not-allowed', allow: ['GET'] });
  });

  it('matches the method case-insensitively', () => {
    expect(match('get', '/v1/health')).toMatchObject({ kind: 'matched' });
  });

  it('rejects route tables API Gateway would reject', () => {
    expect(() => createRouteMatcher([route('A', 'GET', '/a'), route('B', 'GET', '/a')])).toThrow(/duplicate route GET \/a/);
    expect(() => createRouteMatcher([route('A', 'GET', '/a/{proxy+}/b')])).toThrow(/last segment/);
    expect(() => createRouteMatcher([route('A', 'GET', 'a')])).toThrow(/must start with/);
    expect(() => createRouteMatcher([route('A', 'GET', '/a/x{id}')])).toThrow(/unsupported path segment/);
  });
});
