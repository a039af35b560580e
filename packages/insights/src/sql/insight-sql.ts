// The insight SQL texts (packages/insights/sql/*.sql), read once per process: from THETA_INSIGHTS_SQL_DIR when set,
// else from the package, else from sql/ next to the running file (a Lambda bundle: the route's `bundleAssets`
// copies the directory there).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyticsKind } from '../schema';

export const INSIGHTS = ['errors-by-band', 'course-outcomes'] as const;
export type InsightName = (typeof INSIGHTS)[number];

/** the kinds of record each insight reads (a local dataset without one of them has no rows for it yet) */
export const INSIGHT_KINDS: Record<InsightName, readonly AnalyticsKind[]> = {
  'errors-by-band': ['responses'],
  'course-outcomes': ['enrollments', 'measurements'],
};

/** the package's sql/ directory (swc turns import.meta.url into a __filename lookup under jest) */
export const PACKAGE_SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));
const BUNDLE_SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));

const cache = new Map<string, string>();

export function sqlDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THETA_INSIGHTS_SQL_DIR?.trim()) return env.THETA_INSIGHTS_SQL_DIR;
  return existsSync(PACKAGE_SQL_DIR) ? PACKAGE_SQL_DIR : BUNDLE_SQL_DIR;
}

export function insightSql(name: InsightName, dir: string = sqlDir()): string {
  const file = join(dir, `${name}.sql`);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}
