// How every Lambda is bundled: used by the ThetaFunction construct and by `npm run bench:api`,
// so the bundle the benchmark measures is the bundle that ships.

/** ESM bundles still meet CommonJS dependencies that call require(): give them one. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __thetaCreateRequire } from 'node:module'; const require = __thetaCreateRequire(import.meta.url);";

/**
 * The nodejs22.x runtime ships AWS SDK v3: using it keeps each bundle well under 500 KB (bundled, the
 * SDK's clients and credential chain were 350–450 KB of every DynamoDB function) and cuts cold-start
 * parse time. The price is that the runtime's SDK version, not our lockfile's, runs in AWS; the SDK
 * keeps v3 backwards compatible, and `npm run bench:api` imports each bundle against our copy.
 */
// @duckdb/*: the local insights engine (native); the insights Lambda runs Athena and only names DuckDB in a dynamic
// import it never takes in AWS (functions/src/insights/engine.ts).
export const EXTERNAL_MODULES = ['@aws-sdk/*', '@smithy/*', '@duckdb/*'];

export const BUNDLE_TARGET = 'node22';
