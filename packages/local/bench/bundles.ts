// Lambda bundle size and module init time, per route. Bundles are built with the options infra uses
// (infra/lib/constructs/theta-function.ts → aws-cdk-lib NodejsFunction → `esbuild --bundle ...`):
// ESM, minified, target node22, platform node, createRequire banner, keep-names, linked source map
// without sources content, main fields module,main, the AWS SDK external (infra/lib/bundling.ts).
// Bundles are written under node_modules/.cache so the external SDK resolves to our installed copy.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_TARGET, CREATE_REQUIRE_BANNER, EXTERNAL_MODULES } from '../../../infra/lib/bundling';
import { REPO_ROOT } from '../src/paths';
import { summarize } from './stats';

const execFileAsync = promisify(execFile);


export interface BundledRoute {
  id: string;
  entry: string;
  tables?: Partial<Record<string, unknown>>;
  memoryMb?: number;
}

export interface BundleReport {
  id: string;
  bytes: number;
  mapBytes: number;
  /** median `await import()` time, plain node (ms) */
  initMs: number;
  /** the same with NODE_OPTIONS=--enable-source-maps, which infra sets on every function */
  initWithSourceMapsMs: number;
  /** the input packages contributing most bytes to the output */
  topPackages: { name: string; bytes: number }[];
}

/** Groups a bundle's output bytes by the npm package (or workspace) they came from. */
function bytesByPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? (match[1] as string) : (/^(packages\/[^/]+|functions)/.exec(input)?.[1] ?? input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The environment a deployed function gets (infra/lib/theta-stack.ts), with logging silenced. */
function lambdaLikeEnv(route: BundledRoute, extra: Record<string, string>): NodeJS.ProcessEnv {
  const tables = Object.fromEntries(Object.keys(route.tables ?? {}).map((key) => [`THETA_TABLE_${key.toUpperCase()}`, `theta-bench-${key}`]));
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: route.id,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(route.memoryMb ?? 512), // infra's DEFAULT_MEMORY_MB
    THETA_STAGE: 'dev',
    POWERTOOLS_SERVICE_NAME: 'theta',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_NAMESPACE: 'Theta',
    // Lambda runs Node 22; the SDK's "Node 20 support ends" notice would only exist here
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...tables,
    ...extra,
  };
}

const IMPORT_TIMER = `
const url = process.argv[1];
const started = performance.now();
const module = await import(url);
const elapsed = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(String(elapsed));
`;

/** Median of `runs` cold imports, each in a fresh node process. */
async function measureInit(bundle: string, env: NodeJS.ProcessEnv, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(bundle).href], { env, cwd: tmpdir(), timeout: 60_000 });
    times.push(Number(stdout));
  }
  return summarize(times).p50;
}

export async function measureBundles(routes: readonly BundledRoute[], options: { runs: number }): Promise<BundleReport[]> {
  const cache = join(REPO_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'theta-bench-bundles-'));
  try {
    const reports: BundleReport[] = [];
    for (const route of routes) {
      const outfile = join(dir, route.id, 'index.mjs');
      const result = await build({
        entryPoints: [resolve(REPO_ROOT, route.entry)],
        absWorkingDir: REPO_ROOT,
        bundle: true,
        target: BUNDLE_TARGET,
        platform: 'node',
        format: 'esm',
        outfile,
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        logLevel: 'warning',
        keepNames: true,
        banner: { js: CREATE_REQUIRE_BANNER },
        mainFields: ['module', 'main'],
        external: EXTERNAL_MODULES,
        metafile: true,
      });
      const initMs = await measureInit(outfile, lambdaLikeEnv(route, {}), options.runs);
      const initWithSourceMapsMs = await measureInit(outfile, lambdaLikeEnv(route, { NODE_OPTIONS: '--enable-source-maps' }), options.runs);
      const report: BundleReport = {
        id: route.id,
        bytes: statSync(outfile).size,
        mapBytes: statSync(`${outfile}.map`).size,
        initMs,
        initWithSourceMapsMs,
        topPackages: bytesByPackage(result.metafile).slice(0, 4),
      };
      reports.push(report);
    }
    return reports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
