// Where the local stack keeps the analytics dataset: <data dir>/analytics/<kind>/dt=YYYY-MM-DD/*.parquet,
// next to DynamoDB Local's files (THETA_DATA_DIR, else .data in the repo, as packages/local).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyticsKind } from '../schema';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function localAnalyticsDir(kind: AnalyticsKind, env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = env.THETA_DATA_DIR?.trim() ? env.THETA_DATA_DIR : join(REPO_ROOT, '.data');
  return join(dataDir, 'analytics', kind);
}

export function localResponsesDir(env: NodeJS.ProcessEnv = process.env): string {
  return localAnalyticsDir('responses', env);
}

/** the directory of another kind next to a responses directory (the dataset keeps its kinds side by side) */
export function siblingKindDir(responsesDir: string, kind: AnalyticsKind): string {
  return join(dirname(responsesDir.replace(/\/+$/, '')), kind);
}
