import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUTHZ_END_MARKER,
  AUTHZ_START_MARKER,
  authorizationMatrix,
  renderAuthorizationMatrix,
  replaceAuthzSection,
  type AuthzRoute,
} from '../authz-matrix';
import { ROUTES } from '../routes';

const SECURITY_DOC = join(__dirname, '../../docs/security.md');

const route = (id: string, path: string, contract: AuthzRoute['contract']): AuthzRoute => ({ id, method: 'GET', path, contract });

describe('authorizationMatrix', () => {
  test('a public route is public for every caller, token or not', () => {
    const [row] = authorizationMatrix([route('Health', '/v1/health', { access: 'public' })]);
    expect(Object.values(row!.cells).map((c) => c.kind)).toEqual(['public', 'public', 'public', 'public', 'public', 'public', 'public']);
  });

  test('roles in access are allowed, the others and a token without a Theta role 403, no token 401', () => {
    const [row] = authorizationMatrix([route('Cal', '/v1/calibrations/{id}', { access: ['author', 'ops'] })]);
    expect(row!.cells).toEqual({
      tasker: { kind: 'forbidden', status: 403 },
      onboarding: { kind: 'forbidden', status: 403 },
      ops: { kind: 'allowed' },
      author: { kind: 'allowed' },
      quality: { kind: 'forbidden', status: 403 },
      'no-role': { kind: 'forbidden', status: 403 },
      'no-token': { kind: 'unauthenticated', status: 401 },
    });
  });

  test('ownership limits only the roles it names; the other roles of access reach every object', () => {
    const [row] = authorizationMatrix([route('Quiz', '/v1/quizzes/{id}', { access: ['tasker', 'ops'], ownership: { roles: ['tasker'], by: 'session-owner' } })]);
    expect(row!.cells.tasker).toEqual({ kind: 'own', by: 'session-owner' });
    expect(row!.cells.ops).toEqual({ kind: 'allowed' });
    expect(row!.cells.author).toEqual({ kind: 'forbidden', status: 403 });
  });

  test('refuses contradictory declarations: an owner role outside access, ownership on a public route, an id rule without {id}', () => {
    expect(() => authorizationMatrix([route('A', '/v1/x/{id}', { access: ['ops'], ownership: { roles: ['tasker'], by: 'path-tasker' } })])).toThrow('A: ownership names roles outside access: tasker');
    expect(() => authorizationMatrix([route('B', '/v1/x/{id}', { access: 'public', ownership: { roles: ['tasker'], by: 'path-tasker' } })])).toThrow('B: a public route');
    expect(() => authorizationMatrix([route('C', '/v1/x', { access: ['tasker'], ownership: { roles: ['tasker'], by: 'session-owner' } })])).toThrow("C: ownership 'session-owner' needs an {id}");
    expect(() => authorizationMatrix([route('D', '/v1/x', { access: ['tasker'], ownership: { roles: ['tasker'], by: 'token-subject' } })])).not.toThrow();
  });

  test('renders one Markdown row per route with the cells in caller order', () => {
    const table = renderAuthorizationMatrix(
      authorizationMatrix([route('GetQuiz', '/v1/quizzes/{id}', { access: ['tasker', 'ops'], ownership: { roles: ['tasker'], by: 'session-owner' } }), route('Health', '/v1/health', { access: 'public' })]),
    );
    expect(table.split('\n')).toEqual([
      '| route | tasker | onboarding | ops | author | quality | no Theta role | no token |',
      '|---|---|---|---|---|---|---|---|',
      '| `GET /v1/quizzes/{id}` (GetQuiz) | own (session-owner) | 403 | yes | 403 | 403 | 403 | 401 |',
      '| `GET /v1/health` (Health) | public | public | public | public | public | public | public |',
    ]);
  });
});

describe('replaceAuthzSection', () => {
  test('replaces only the text between the markers, and is stable when run twice', () => {
    const doc = `# T\n\nbefore\n${AUTHZ_START_MARKER}\nold table\n${AUTHZ_END_MARKER}\nafter\n`;
    const once = replaceAuthzSection(doc, '| new |');
    expect(once).toContain('before\n<!-- authz:start -->\n');
    expect(once).toContain('\n| new |\n\n<!-- authz:end -->\nafter\n');
    expect(once).not.toContain('old table');
    expect(replaceAuthzSection(once, '| new |')).toBe(once);
  });

  test('throws when a marker is missing or they are out of order', () => {
    expect(() => replaceAuthzSection('no markers', 'x')).toThrow('the document needs');
    expect(() => replaceAuthzSection(`${AUTHZ_END_MARKER}\n${AUTHZ_START_MARKER}`, 'x')).toThrow('the document needs');
  });
});

describe('the route table', () => {
  test('docs/security.md holds the matrix of the current route table (else: npm run docs:authz)', () => {
    const doc = readFileSync(SECURITY_DOC, 'utf8');
    expect(doc).toBe(replaceAuthzSection(doc, renderAuthorizationMatrix(authorizationMatrix(ROUTES))));
  });

  test('a route a tasker may call with a tasker or session id in the path declares how ownership is decided', () => {
    // a tasker reaching another tasker's object by id is the hole ownership closes; an undeclared one is a review miss
    const undeclared = ROUTES.filter((r) => r.contract.access !== 'public' && r.contract.access.includes('tasker') && r.path.includes('{id}') && !r.contract.ownership).map((r) => r.id);
    expect(undeclared).toEqual([]);
  });
});
