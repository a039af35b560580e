import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this file, not from process.cwd(), so the CLIs work from any directory.
// (swc turns import.meta.url into a __filename lookup under jest, so this works there too.)
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Everything the local stack keeps between runs; THETA_DATA_DIR lets a second checkout-user keep their own. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.THETA_DATA_DIR?.trim() ? env.THETA_DATA_DIR : join(REPO_ROOT, '.data');
}

export function dynamoDbDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir(env), 'dynamodb');
}

export function issuerKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(localDataDir(env), 'keys');
}

/** the built web app (npm run build:web), served at / by the local stack */
export const WEB_DIST_DIR = join(REPO_ROOT, 'packages', 'web', 'dist');
