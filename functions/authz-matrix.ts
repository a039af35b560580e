// The authorization matrix: who may call each route, derived from the route table alone (each contract's
// `access` and `ownership`), rendered into docs/security.md by `npm run docs:authz` and walked cell by cell by
// test/e2e/authorization-matrix.test.ts. Pure: no I/O.
import { ROLES, type Role } from '@theta/http/principal';
import type { OwnershipRule, RouteContract } from './contracts/shared';

/** What one caller gets from a route before the route's own logic runs. */
export type AuthzCell =
  | { kind: 'public' }
  | { kind: 'allowed' }
  | { kind: 'own'; by: OwnershipRule }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'unauthenticated'; status: 401 };

/** A caller of the matrix: a Theta role, a valid token carrying no Theta role, or no token at all. */
export type AuthzCaller = Role | 'no-role' | 'no-token';
export const AUTHZ_CALLERS: readonly AuthzCaller[] = [...ROLES, 'no-role', 'no-token'];

export interface AuthzRow {
  id: string;
  method: string;
  path: string;
  cells: Record<AuthzCaller, AuthzCell>;
}

/** The part of a route definition the matrix reads (functions/routes.ts RouteDefinition has it). */
export interface AuthzRoute {
  id: string;
  method: string;
  path: string;
  contract: Pick<RouteContract, 'access' | 'ownership'>;
}

/** Contradictions a contract can declare; the matrix refuses them rather than documenting nonsense. */
function checkOwnership(route: AuthzRoute): void {
  const { access, ownership } = route.contract;
  if (!ownership) return;
  if (access === 'public') throw new Error(`${route.id}: a public route cannot limit roles to their own objects`);
  const stray = ownership.roles.filter((role) => !access.includes(role));
  if (stray.length > 0) throw new Error(`${route.id}: ownership names roles outside access: ${stray.join(', ')}`);
  if (ownership.by !== 'token-subject' && !route.path.includes('{id}')) throw new Error(`${route.id}: ownership '${ownership.by}' needs an {id} in the path`);
}

function cellOf(route: AuthzRoute, caller: AuthzCaller): AuthzCell {
  const { access, ownership } = route.contract;
  if (access === 'public') return { kind: 'public' };
  if (caller === 'no-token') return { kind: 'unauthenticated', status: 401 };
  if (caller === 'no-role' || !access.includes(caller)) return { kind: 'forbidden', status: 403 };
  if (ownership?.roles.includes(caller)) return { kind: 'own', by: ownership.by };
  return { kind: 'allowed' };
}

/** One row per route, in route-table order. Throws on a contradictory ownership declaration. */
export function authorizationMatrix(routes: readonly AuthzRoute[]): AuthzRow[] {
  return routes.map((route) => {
    checkOwnership(route);
    const cells = Object.fromEntries(AUTHZ_CALLERS.map((caller) => [caller, cellOf(route, caller)])) as Record<AuthzCaller, AuthzCell>;
    return { id: route.id, method: route.method, path: route.path, cells };
  });
}

function cellText(cell: AuthzCell): string {
  switch (cell.kind) {
    case 'public':
      return 'public';
    case 'allowed':
      return 'yes';
    case 'own':
      return `own (${cell.by})`;
    default:
      return String(cell.status);
  }
}

const COLUMN_TITLE: Record<AuthzCaller, string> = {
  tasker: 'tasker',
  onboarding: 'onboarding',
  ops: 'ops',
  author: 'author',
  quality: 'quality',
  'no-role': 'no Theta role',
  'no-token': 'no token',
};

/** The matrix as a Markdown table (the generated part of docs/security.md). */
export function renderAuthorizationMatrix(rows: readonly AuthzRow[]): string {
  const header = `| route | ${AUTHZ_CALLERS.map((caller) => COLUMN_TITLE[caller]).join(' | ')} |`;
  const rule = `|---|${AUTHZ_CALLERS.map(() => '---').join('|')}|`;
  const lines = rows.map((row) => `| \`${row.method} ${row.path}\` (${row.id}) | ${AUTHZ_CALLERS.map((caller) => cellText(row.cells[caller])).join(' | ')} |`);
  return [header, rule, ...lines].join('\n');
}

export const AUTHZ_START_MARKER = '<!-- authz:start -->';
export const AUTHZ_END_MARKER = '<!-- authz:end -->';

/** `doc` with the text between the markers replaced by `table`; throws when the markers are missing or out of order. */
export function replaceAuthzSection(doc: string, table: string): string {
  const start = doc.indexOf(AUTHZ_START_MARKER);
  const end = doc.indexOf(AUTHZ_END_MARKER);
  if (start < 0 || end < start) throw new Error(`the document needs ${AUTHZ_START_MARKER} … ${AUTHZ_END_MARKER}, in that order`);
  const note = '<!-- generated from functions/routes.ts by `npm run docs:authz`; do not edit by hand -->';
  return `${doc.slice(0, start)}${AUTHZ_START_MARKER}\n${note}\n\n${table}\n\n${doc.slice(end)}`;
}
