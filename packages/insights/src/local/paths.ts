// Where the local stack keeps the analytics dataset: <data dir>/analytics/responses/dt=YYYY-MM-DD/*.parquet,
// next to DynamoDB Local's files (THETA_DATA_DIR, else .data in the repo, as packages/local).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function localResponsesDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = env.THETA_DATA_DIR?.trim() ? env.THETA_DATA_DIR : join(REPO_ROOT, '.data');
  return join(dataDir, 'analytics', 'responses');
}
