// `npm run bench:api` — end-to-end API benchmark on the embedded stack (DynamoDB Local in memory + the local
// API Gateway/Lambda server, in this process): simulated taskers complete adaptive placements concurrently;
// client latency per route, throughput, where the time goes (handler vs DynamoDB), and per-function bundle
// size and module init time. A benchmark, not a test: missed targets print MISSED and still exit 0
// (non-2xx responses make the numbers meaningless and exit 1).
//
//   npm run bench:api -- --taskers 50 --concurrency 50 --seed 1
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRng } from '@theta/irt';
import { generateIssuerKeys, REPO_ROOT, type RequestLogEntry, startEmbeddedStack, type EmbeddedStack } from '../src/index';
import { type BundleReport, measureBundles } from './bundles';
import { BenchClient } from './http-client';
import { ServerProfile } from './server-profile';
import { loadTruth, Simulee } from './simulee';
import { ms, pad, padEnd, Samples, summarize } from './stats';
import { type FailedRequest, type FlowContext, runTasker, type TaskerOutcome } from './tasker-flow';

const USAGE = `usage: npm run bench:api -- [options]
  --taskers N         measured simulated taskers (default 50)
  --concurrency N     taskers in flight at once (default 50)
  --seed N            seed of the simulees' abilities and answers (default 1)
  --warmup N          unmeasured taskers first, so handler modules are imported and banks cached (default 4)
  --profile-taskers N taskers run one at a time with per-request DynamoDB attribution (default 8; 0 = skip)
  --init-runs N       cold imports per bundle, median reported (default 3)
  --no-bundles        skip the bundle size / init time section`;

const BLUEPRINT_ID = 'general-placement';
const TABLE_PREFIX = 'theta-bench-';
const SUBMIT_P99_TARGET_MS = 50;
const BUNDLE_TARGET_KB = 500;
const ROUTE_ORDER = ['StartPlacement', 'GetPlacementItem', 'SubmitPlacementResponse', 'GetPlacement', 'GetTasker'];

function options() {
  const { values } = parseArgs({
    options: {
      taskers: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      warmup: { type: 'string', default: '4' },
      'profile-taskers': { type: 'string', default: '8' },
      'init-runs': { type: 'string', default: '3' },
      'no-bundles': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer ≥ ${min}, got "${value}"\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    taskers: int('taskers', values.taskers, 1),
    concurrency: int('concurrency', values.concurrency, 1),
    seed: int('seed', values.seed, 0),
    warmup: int('warmup', values.warmup, 0),
    profileTaskers: int('profile-taskers', values['profile-taskers'], 0),
    initRuns: int('init-runs', values['init-runs'], 1),
    bundles: !values['no-bundles'],
  };
}

const opts = options();
// Node 20 is the project's runtime; the SDK's "Node 22 from 2027" notice is known (as in `npm start`).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const out = (line = '') => console.log(line);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

// ---- lifecycle: the stack (and its Java process) is stopped on every path out ----------------------------------
let stack: EmbeddedStack | undefined;
let client: BenchClient | undefined;
let stopping: Promise<void> | undefined;
function stopStack(): Promise<void> {
  stopping ??= (async () => {
    client?.close();
    await stack?.stop();
  })();
  return stopping;
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the embedded stack…`);
    void stopStack().finally(() => process.exit(code));
  });
}

/** Java's CPU seconds so far (user + system), from /proc; undefined where /proc is not there. */
function javaCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (CLK_TCK = 100 on Linux)
  } catch {
    return undefined;
  }
}

interface PhaseResult {
  wallMs: number;
  outcomes: TaskerOutcome[];
  nodeCpuSeconds: number;
  javaCpuSeconds?: number;
  eventLoopUtilization: number;
}

async function runPhase(ctx: FlowContext, truth: ReturnType<typeof loadTruth>, prefix: string, taskers: number, concurrency: number): Promise<PhaseResult> {
  const ids = Array.from({ length: taskers }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
  const outcomes: TaskerOutcome[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const javaBefore = javaCpuSeconds(stack?.dynamoDb?.javaPid);
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, taskers) }, async () => {
      while (next < ids.length) {
        const taskerId = ids[next++] as string;
        // one stream per tasker: results do not depend on how the workers interleave
        outcomes.push(await runTasker(ctx, taskerId, new Simulee(truth, createRng(`${opts.seed}:${taskerId}`))));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const javaAfter = javaCpuSeconds(stack?.dynamoDb?.javaPid);
  return {
    wallMs,
    outcomes,
    nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(javaBefore !== undefined && javaAfter !== undefined ? { javaCpuSeconds: javaAfter - javaBefore } : {}),
    eventLoopUtilization: performance.eventLoopUtilization(eluBefore).utilization,
  };
}

/** The demo bank and blueprint, if the stack's seed did not provide them (same use cases as the seed). */
async function ensureDemoBlueprint(s: EmbeddedStack): Promise<void> {
  const { DynamoCatalogStore } = await import('@theta/store');
  const catalog = new DynamoCatalogStore(s.ddb, s.tableNames.bank);
  if ((await catalog.latestBlueprintVersion(BLUEPRINT_ID)) !== undefined) return;
  const { importItems, publishBlueprint } = await import('@theta/assessment');
  const seedDir = join(REPO_ROOT, 'packages', 'local', 'seed');
  const imported = await importItems(catalog, JSON.parse(readFileSync(join(seedDir, 'items.json'), 'utf8')));
  if (!imported.ok) throw new Error(`demo items invalid: ${JSON.stringify(imported.errors).slice(0, 500)}`);
  const published = await publishBlueprint(catalog, JSON.parse(readFileSync(join(seedDir, 'blueprints', `${BLUEPRINT_ID}.json`), 'utf8')), 'bench');
  if (!published.ok) throw new Error(`demo blueprint invalid: ${JSON.stringify(published.errors).slice(0, 500)}`);
  out(`(the stack's seed has no blueprint yet: the bench imported ${imported.written.length} items and published ${BLUEPRINT_ID} itself)`);
}

function routeTable(title: string, latency: Samples, extra?: (route: string) => string, extraHeader = ''): void {
  out(title);
  out(`  ${padEnd('route', 24)} ${pad('count', 6)} ${pad('p50', 7)} ${pad('p90', 7)} ${pad('p99', 7)} ${pad('max', 7)}  ms${extraHeader}`);
  const labels = [...ROUTE_ORDER.filter((r) => latency.labels().includes(r)), ...latency.labels().filter((r) => !ROUTE_ORDER.includes(r))];
  for (const route of labels) {
    const s = latency.summary(route);
    out(`  ${padEnd(route, 24)} ${pad(s.count, 6)} ${pad(ms(s.p50), 7)} ${pad(ms(s.p90), 7)} ${pad(ms(s.p99), 7)} ${pad(ms(s.max), 7)}${extra ? `  ${extra(route)}` : ''}`);
  }
}

function printFailures(failures: readonly FailedRequest[]): void {
  out(`non-2xx responses: ${failures.length}${failures.length === 0 ? ' (ok)' : ' — MISSED (must be 0)'}`);
  for (const f of failures.slice(0, 20)) out(`  ${f.status} ${f.method} ${f.path} [${f.route}] ${f.body}`);
  if (failures.length > 20) out(`  … and ${failures.length - 20} more`);
}

function printBundles(reports: readonly BundleReport[]): void {
  out(`Bundles (esbuild ${'as infra/lib/constructs/theta-function.ts'}: ESM, minify, node22, keep-names; .mjs without its map; KB = 1024 bytes)`);
  out(`  init = median of ${opts.initRuns} \`await import()\` of the bundle in a fresh node ${process.version} process (Lambda-like env, POWERTOOLS_LOG_LEVEL=SILENT);`);
  out('  "+maps" = the same with NODE_OPTIONS=--enable-source-maps, which infra sets on every function');
  out(`  ${padEnd('function', 24)} ${pad('KB', 7)} ${pad('map KB', 7)} ${pad('init ms', 8)} ${pad('+maps', 7)}  target ≤ ${BUNDLE_TARGET_KB} KB   largest inputs (KB)`);
  for (const r of reports) {
    const kb = r.bytes / 1024;
    const top = r.topPackages.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)}`).join(', ');
    out(`  ${padEnd(r.id, 24)} ${pad(kb.toFixed(1), 7)} ${pad((r.mapBytes / 1024).toFixed(0), 7)} ${pad(ms(r.initMs), 8)} ${pad(ms(r.initWithSourceMapsMs), 7)}  ${padEnd(verdict(kb <= BUNDLE_TARGET_KB), 18)} ${top}`);
  }
}

async function main(): Promise<number> {
  const began = performance.now();
  out(`Theta API benchmark (embedded stack) — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${os.platform()} ${os.arch()}`);
  out(`taskers ${opts.taskers}, concurrency ${opts.concurrency}, seed ${opts.seed}, warm-up ${opts.warmup}, profile ${opts.profileTaskers}\n`);

  const profile = new ServerProfile(TABLE_PREFIX);
  const serverMs = new Samples();
  const handlerErrors: string[] = [];
  const startStarted = performance.now();
  stack = await startEmbeddedStack({
    dynamoDb: { launch: {} },
    issuerKeys: await generateIssuerKeys(),
    tablePrefix: TABLE_PREFIX,
    seed: true,
    server: {
      loadHandler: profile.loader(REPO_ROOT),
      onRequest: (entry: RequestLogEntry) => serverMs.add(entry.routeId ?? '(none)', entry.durationMs),
      onHandlerError: (routeId, error) => handlerErrors.push(`${routeId}: ${String(error)}`),
    },
  });
  profile.setRoutes(stack.routes);
  // Only now: @theta/store builds its client from the environment the stack has just set, and it is the same
  // module instance the handlers import, so timing its middleware stack times the handlers' DynamoDB calls.
  // (a function returning the container's client, or the client itself in older revisions of @theta/store)
  const store = (await import('@theta/store')) as { dynamoClient: DynamoDBClient | (() => DynamoDBClient) };
  profile.instrument(typeof store.dynamoClient === 'function' ? store.dynamoClient() : store.dynamoClient);
  await ensureDemoBlueprint(stack);
  out(`embedded stack up in ${ms(performance.now() - startStarted, 0)} ms: API ${stack.url}, DynamoDB Local ${stack.dynamoDbEndpoint} (in memory, Java pid ${stack.dynamoDb?.javaPid})`);

  const truth = loadTruth();
  client = new BenchClient(stack.url, Math.max(opts.concurrency, 1));
  const latency = new Samples();
  const failures: FailedRequest[] = [];
  const s = stack;
  const ctx: FlowContext = {
    client,
    latency,
    failures,
    onboardingToken: await s.signDevToken({ sub: 'bench-onboarding', roles: ['onboarding'] }),
    signTaskerToken: (taskerId) => s.signDevToken({ sub: taskerId, roles: ['tasker'] }),
    runTag: `r${Date.now().toString(36)}`,
  };

  // ---- warm-up: handler modules imported, banks compiled, JIT warm (not measured) ------------------------------
  if (opts.warmup > 0) {
    const warm = await runPhase(ctx, truth, 'warm', opts.warmup, opts.warmup);
    out(`warm-up: ${opts.warmup} taskers in ${ms(warm.wallMs, 0)} ms (not measured; first requests import the handlers)`);
  }
  const warmFailures = failures.splice(0);
  latency.clear();
  serverMs.clear();
  profile.reset();

  // ---- measured run ----------------------------------------------------------------------------------------------
  const run = await runPhase(ctx, truth, 'bench', opts.taskers, opts.concurrency);
  const measuredLatency = latency.labels().map((l) => [l, [...latency.values(l)]] as const);
  const requests = measuredLatency.reduce((n, [, v]) => n + v.length, 0);
  const completed = run.outcomes.filter((o) => o.completed);
  const wallS = run.wallMs / 1000;

  out(`\n== Load: ${opts.taskers} taskers, ${opts.concurrency} concurrent ==`);
  out(`wall time ${ms(wallS, 2)} s; ${requests} requests; ${completed.length}/${opts.taskers} placements completed`);
  out(`throughput ${ms(requests / wallS, 1)} requests/s, ${ms(completed.length / wallS, 2)} placements/s`);
  printFailures([...warmFailures, ...failures]);
  if (handlerErrors.length > 0) out(`handler errors (500s): ${handlerErrors.length}: ${handlerErrors.slice(0, 3).join(' | ')}`);
  const submitP99 = latency.summary('SubmitPlacementResponse').p99;
  routeTable('client latency per route (nearest-rank percentiles):', latency, (route) =>
    route === 'SubmitPlacementResponse' ? `target p99 ≤ ${SUBMIT_P99_TARGET_MS} ms: ${verdict(submitP99 <= SUBMIT_P99_TARGET_MS)}` : '',
  );

  // where the time went, server side (same run)
  out('\nserver side, same run (server = local server onRequest duration, integer ms; handler = handler call; DynamoDB = SDK calls):');
  out(`  ${padEnd('route', 24)} ${pad('client', 7)} ${pad('server', 7)} ${pad('handler', 8)} ${pad('hdl p99', 8)}  means in ms`);
  for (const route of ROUTE_ORDER) {
    const c = latency.summary(route);
    if (c.count === 0) continue;
    const h = profile.handlerMs.summary(route);
    out(`  ${padEnd(route, 24)} ${pad(ms(c.mean), 7)} ${pad(ms(serverMs.summary(route).mean), 7)} ${pad(ms(h.mean), 8)} ${pad(ms(h.p99), 8)}`);
  }
  out('  DynamoDB calls made by the handlers (per command and table):');
  out(`    ${padEnd('call', 44)} ${pad('count', 6)} ${pad('mean', 6)} ${pad('p50', 6)} ${pad('p99', 6)} ${pad('max', 6)}  ms`);
  const dynamoLabels = profile.dynamoMs.labels().sort((a, b) => profile.dynamoMs.summary(b).total - profile.dynamoMs.summary(a).total);
  let dynamoTotal = 0;
  for (const label of dynamoLabels) {
    const d = profile.dynamoMs.summary(label);
    dynamoTotal += d.total;
    out(`    ${padEnd(label, 44)} ${pad(d.count, 6)} ${pad(ms(d.mean), 6)} ${pad(ms(d.p50), 6)} ${pad(ms(d.p99), 6)} ${pad(ms(d.max), 6)}`);
  }
  const handlerTotal = ROUTE_ORDER.reduce((sum, r) => sum + profile.handlerMs.summary(r).total, 0);
  out(`  handler wall time spent awaiting DynamoDB: ${ms((100 * dynamoTotal) / handlerTotal, 0)}% (${ms(dynamoTotal / 1000, 1)} s of ${ms(handlerTotal / 1000, 1)} s, summed over concurrent requests)`);
  const javaCpu = run.javaCpuSeconds;
  out(
    `  CPU over the run (${ms(wallS, 1)} s wall, ${os.cpus().length} cores): node (client + server + handlers) ${ms(run.nodeCpuSeconds, 1)} s = ${ms(run.nodeCpuSeconds / wallS, 2)} cores, ` +
      `event loop busy ${ms(100 * run.eventLoopUtilization, 0)}%; DynamoDB Local (Java) ${javaCpu === undefined ? 'n/a' : `${ms(javaCpu, 1)} s = ${ms(javaCpu / wallS, 2)} cores`}`,
  );

  // sanity of the simulation: the API's estimates should track the simulees' true θ
  const estimates = completed.flatMap((o) => o.estimates);
  const rmse = Math.sqrt(estimates.reduce((sum, e) => sum + (e.theta - e.truth) ** 2, 0) / Math.max(1, estimates.length));
  const tracks = new Map<string, number>();
  for (const o of completed) tracks.set(o.track ?? '?', (tracks.get(o.track ?? '?') ?? 0) + 1);
  const items = summarize(completed.map((o) => o.items));
  out(
    `  simulation: ${ms(items.mean, 1)} items per placement (min ${Math.min(...completed.map((o) => o.items))}, max ${items.max}); θ RMSE vs truth ${ms(rmse, 2)} over ${estimates.length} skill estimates; ` +
      `tracks ${[...tracks.entries()].map(([t, n]) => `${t} ${n}`).join(', ')}; rubric draws without an option of that score ${run.outcomes.reduce((n, o) => n + o.substitutedScores, 0)}`,
  );

  // ---- profile: one tasker at a time, every DynamoDB call attributed to its request ----------------------------
  if (opts.profileTaskers > 0) {
    latency.clear();
    profile.reset();
    profile.attribution = true;
    await runPhase(ctx, truth, 'profile', opts.profileTaskers, 1);
    profile.attribution = false;
    out(`\n== Profile: ${opts.profileTaskers} taskers one at a time (no queueing), DynamoDB calls attributed per request (AsyncLocalStorage on) ==`);
    out(`  ${padEnd('route', 24)} ${pad('client', 7)} ${pad('handler', 8)} ${pad('DynamoDB', 9)} ${pad('hdl-ddb', 8)} ${pad('outside', 8)} ${pad('calls', 6)}  means in ms; most frequent call sequence`);
    for (const route of ROUTE_ORDER) {
      const rows = profile.attributed.filter((r) => r.route === route);
      if (rows.length === 0) continue;
      const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((sum, r) => sum + f(r), 0) / rows.length;
      const sequences = new Map<string, number>();
      for (const r of rows) sequences.set(r.calls.join(' → '), (sequences.get(r.calls.join(' → ')) ?? 0) + 1);
      const [sequence, times] = [...sequences.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      const client = latency.summary(route).mean;
      out(
        `  ${padEnd(route, 24)} ${pad(ms(client), 7)} ${pad(ms(mean((r) => r.handlerMs)), 8)} ${pad(ms(mean((r) => r.dynamoMs)), 9)} ${pad(ms(mean((r) => r.handlerMs - r.dynamoMs)), 8)} ` +
          `${pad(ms(client - mean((r) => r.handlerMs)), 8)} ${pad(ms(mean((r) => r.calls.length), 1), 6)}  ${sequence} (${times}/${rows.length})`,
      );
    }
    out('  hdl-ddb = handler time not awaiting DynamoDB (≈ handler CPU: middy, zod, JSON, CAT step); outside = client latency − handler (HTTP, JWT check, event build)');
    out('  DynamoDB Local per call, unloaded:');
    for (const label of profile.dynamoMs.labels().sort((a, b) => profile.dynamoMs.summary(b).mean - profile.dynamoMs.summary(a).mean)) {
      const d = profile.dynamoMs.summary(label);
      out(`    ${padEnd(label, 44)} ${pad(d.count, 6)} mean ${pad(ms(d.mean, 2), 6)} p50 ${pad(ms(d.p50, 2), 6)} ms`);
    }
    if (failures.length > 0) printFailures(failures);
  }

  await stopStack();
  out(`\nembedded stack stopped (DynamoDB Local's Java process ended)`);

  // ---- bundles ---------------------------------------------------------------------------------------------------
  if (opts.bundles) {
    out('');
    const { ROUTES } = await import('@theta/functions/routes');
    const reports = await measureBundles(ROUTES, { runs: opts.initRuns, log: () => undefined });
    printBundles(reports);
  }

  out(`\ntargets: submit-response p99 ${ms(submitP99)} ms ≤ ${SUBMIT_P99_TARGET_MS} ms: ${verdict(submitP99 <= SUBMIT_P99_TARGET_MS)}`);
  out(`total benchmark time ${ms((performance.now() - began) / 1000, 1)} s`);
  return failures.length + warmFailures.length > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error('benchmark failed:', error);
} finally {
  await stopStack();
}
process.exit(exitCode);
