// Checks the route table before any construct is built, so a bad entry fails synth with a message
// that names the route instead of a CloudFormation error at deploy time.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { JobDefinition } from '@theta/functions/jobs';
import { type RouteDefinition, TABLE_ACTIONS, type TableAccess } from '@theta/functions/routes';
import type { TableDefinition, TableKey } from '@theta/store/tables';
import * as z from 'zod';

/** API Gateway HTTP APIs cut integrations off at 30 s; leave a second for the response to travel back. */
export const MAX_ROUTE_TIMEOUT_SECONDS = 29;
/** Lambda's own limit, for functions no integration waits on. */
export const MAX_JOB_TIMEOUT_SECONDS = 900;

/** Walks up from `start` to the directory that holds cdk.json: route entries are relative to it. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'cdk.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No cdk.json found in ${start} or any parent directory`);
    dir = parent;
  }
}

export function routeEntryPath(repoRoot: string, route: RouteDefinition): string {
  return path.resolve(repoRoot, route.entry);
}

export function validateRoutes(
  routes: readonly RouteDefinition[],
  tables: Readonly<Record<TableKey, TableDefinition>>,
  repoRoot: string,
  jobs: readonly JobDefinition[] = [],
): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const routeKeys = new Set<string>();
  /** what every function must get right, route or job: its id, entry, tables, timeout and memory */
  const functionProblems = (
    label: string,
    fn: { id: string; entry: string; tables?: Partial<Record<TableKey, TableAccess>>; timeoutSeconds?: number; memoryMb?: number },
    timeout: { max: number; why: string },
  ) => {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(fn.id)) problems.push(`${label}: id must be PascalCase (it names the Lambda function and its log group)`);
    if (ids.has(fn.id)) problems.push(`${label}: duplicate id`);
    ids.add(fn.id);
    if (!existsSync(path.resolve(repoRoot, fn.entry))) problems.push(`${label}: entry ${fn.entry} does not exist (relative to ${repoRoot})`);
    for (const [key, access] of Object.entries(fn.tables ?? {})) {
      if (!Object.hasOwn(tables, key)) {
        problems.push(`${label}: unknown table "${key}" (known: ${Object.keys(tables).join(', ')})`);
        continue;
      }
      problems.push(...tableAccessProblems(`${label}, table ${key}`, access, tables[key as TableKey]));
    }
    if (fn.timeoutSeconds !== undefined && (fn.timeoutSeconds < 1 || fn.timeoutSeconds > timeout.max)) {
      problems.push(`${label}: timeoutSeconds must be 1..${timeout.max} (${timeout.why})`);
    }
    if (fn.memoryMb !== undefined && (fn.memoryMb < 128 || fn.memoryMb > 10240)) problems.push(`${label}: memoryMb must be 128..10240`);
  };

  for (const job of jobs) {
    const label = `job ${job.id || '(no id)'}`;
    functionProblems(label, job, { max: MAX_JOB_TIMEOUT_SECONDS, why: 'the Lambda maximum' });
    if (!Number.isInteger(job.everyMinutes) || job.everyMinutes < 1) problems.push(`${label}: everyMinutes must be a whole number ≥ 1`);
  }

  for (const route of routes) {
    const label = `route ${route.id || '(no id)'}`;
    functionProblems(label, route, { max: MAX_ROUTE_TIMEOUT_SECONDS, why: 'HTTP API integrations time out at 30 s' });
    const routeKey = `${route.method} ${route.path}`;
    if (routeKeys.has(routeKey)) problems.push(`${label}: duplicate route "${routeKey}"`);
    routeKeys.add(routeKey);
    if (!route.path.startsWith('/')) problems.push(`${label}: path must start with "/"`);
  }
  if (problems.length > 0) throw new Error(`Invalid route table (functions/routes.ts, functions/jobs.ts):\n- ${problems.join('\n- ')}`);
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(TABLE_ACTIONS);

function tableAccessProblems(label: string, access: { actions?: readonly string[]; queryIndexes?: readonly string[] } | undefined, definition: TableDefinition): string[] {
  const problems: string[] = [];
  const actions = access?.actions;
  if (!Array.isArray(actions)) return [`${label}: actions must be a list of DynamoDB actions (${TABLE_ACTIONS.join(', ')})`];
  for (const action of actions) {
    if (!KNOWN_ACTIONS.has(action)) problems.push(`${label}: unknown or never granted action "${action}" (allowed: ${TABLE_ACTIONS.join(', ')})`);
  }
  if (new Set(actions).size !== actions.length) problems.push(`${label}: an action is listed twice`);
  const indexes = new Set((definition.globalIndexes ?? []).map((i) => i.indexName));
  for (const index of access?.queryIndexes ?? []) {
    if (!indexes.has(index)) problems.push(`${label}: unknown index "${index}" (indexes: ${[...indexes].join(', ') || 'none'})`);
  }
  return problems;
}

/** Headers every browser call may send: the bearer token and the JSON body's type. */
const BASE_CORS_HEADERS = ['authorization', 'content-type'];

/**
 * The request headers a browser may send cross-origin: the base two plus every header a route's
 * contract reads (e.g. idempotency-key). Derived from the contracts so a new header cannot be
 * forgotten in the preflight answer.
 */
export function corsAllowHeaders(routes: readonly RouteDefinition[]): string[] {
  const names = new Set(BASE_CORS_HEADERS);
  for (const route of routes) {
    const headers = route.contract.headers;
    if (!headers) continue;
    if (!(headers instanceof z.ZodObject)) throw new Error(`route ${route.id}: contract headers must be a z.object (CORS lists its keys)`);
    for (const name of Object.keys(headers.shape)) names.add(name.toLowerCase());
  }
  return [...names].sort();
}
