// `npm run bench:api` — end-to-end API benchmark on the embedded stack (DynamoDB Local in memory + the local
// API Gateway/Lambda server, both started by this process): simulated taskers complete adaptive placements
// concurrently. Prints client latency per route, throughput, where the time goes (handler vs DynamoDB, CPU by
// process and by package), a latency-vs-concurrency sweep, and per-function bundle size and module init time.
// A benchmark, not a test: missed targets print MISSED and still exit 0 (non-2xx responses exit 1: the numbers
// would be meaningless).
//
//   npm run bench:api -- --taskers 50 --concurrency 50 --seed 1
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRng } from '@theta/irt';
import { type EmbeddedStack, generateIssuerKeys, REPO_ROOT, type RequestLogEntry, startEmbeddedStack } from '../src/index';
import { type BundleReport, measureBundles } from './bundles';
import { CpuProfiler } from './cpu-profile';
import { BenchClient } from './http-client';
import { ServerProfile } from './server-profile';
import { loadTruth, PRACTICE_ITEMS_FILE, Simulee, type TrueItem } from './simulee';
import { ms, pad, padEnd, Samples, summarize, type Summary } from './stats';
import { type FailedRequest, type FlowContext, runTasker, sleep, type TaskerOutcome } from './tasker-flow';

const USAGE = `usage: npm run bench:api -- [options]
  --taskers N          measured simulated taskers (default 50)
  --concurrency N      taskers in flight at once, each answering back to back (default 50)
  --seed N             seed of the simulees' abilities, profiles and answers (default 1)
  --think-ms N         mean pause before each answer in the measured run, as a person reading the item
                       (default 3000: a fast reader; 0 = back to back, the saturation stress run)
  --ramp-ms N          the measured run's taskers arrive spread evenly over N ms, as sign-ups do, not all in
                       one instant (default: the think time; 0 = all at once)
  --warmup N           unmeasured taskers first, 10 at a time back to back: handlers imported, banks cached,
                       V8 and Java (C2) JITs warm (default 40)
  --sweep LIST         concurrency levels for the latency-vs-concurrency sweep, max(c, 5) taskers each
                       (default 1,5,10,25; "" skips it)
  --profile-taskers N  taskers run one at a time with every DynamoDB call attributed to its request (default 6; 0 skips)
  --cpu-taskers N      taskers at --concurrency under V8's CPU profiler (default 10; 0 skips)
  --init-runs N        cold imports per bundle, median reported (default 3)
  --quiz-length N      after placement each tasker takes a practice quiz of N items on writing quality, at the same
                       pacing (default 5; 0 skips): the quiz answer p99 (issue 9)
  --no-bundles         skip bundle sizes and init times`;

const BLUEPRINT_ID = 'general-placement';
const TABLE_PREFIX = 'theta-bench-';
const SUBMIT_ROUTE = 'SubmitPlacementResponse';
const SUBMIT_P99_TARGET_MS = 50;
const BUNDLE_TARGET_KB = 500;
const QUIZ_SUBMIT_ROUTE = 'SubmitQuizResponse';
const ROUTE_ORDER = ['StartPlacement', 'GetPlacementItem', SUBMIT_ROUTE, 'GetPlacement', 'GetTasker', 'StartQuiz', QUIZ_SUBMIT_ROUTE];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      taskers: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      'think-ms': { type: 'string', default: '3000' },
      'ramp-ms': { type: 'string' },
      warmup: { type: 'string', default: '40' },
      sweep: { type: 'string', default: '1,5,10,25' },
      'profile-taskers': { type: 'string', default: '6' },
      'cpu-taskers': { type: 'string', default: '10' },
      'init-runs': { type: 'string', default: '3' },
      'quiz-length': { type: 'string', default: '5' },
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
    if (value.trim() === '' || !Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer ≥ ${min}, got "${value}"\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    taskers: int('taskers', values.taskers, 1),
    concurrency: int('concurrency', values.concurrency, 1),
    thinkMs: int('think-ms', values['think-ms'], 0),
    rampMs: int('ramp-ms', values['ramp-ms'] ?? values['think-ms'], 0),
    seed: int('seed', values.seed, 0),
    warmup: int('warmup', values.warmup, 0),
    sweep: values.sweep.split(',').filter((v) => v.trim() !== '').map((v) => int('sweep', v, 1)),
    profileTaskers: int('profile-taskers', values['profile-taskers'], 0),
    cpuTaskers: int('cpu-taskers', values['cpu-taskers'], 0),
    initRuns: int('init-runs', values['init-runs'], 1),
    quizLength: int('quiz-length', values['quiz-length'], 0),
    bundles: !values['no-bundles'],
  };
}

const opts = parseOptions();
// Node 20 is the project's runtime; the SDK's "Node 22 from 2027" notice is known (as in `npm start`).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const out = (line = '') => console.log(line);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

// ---- lifecycle: the stack (and its Java process) is stopped on every way out ------------------------------------
let stack: EmbeddedStack | undefined;
let client: BenchClient | undefined;
let stopping: Promise<void> | undefined;
let interrupted = false;
function stopStack(): Promise<void> {
  stopping ??= (async () => {
    client?.close();
    await stack?.stop();
  })();
  return stopping;
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the embedded stack…`);
    void stopStack().finally(() => process.exit(code));
  });
}

// ---- CPU accounting from /proc (Linux; CLK_TCK = 100) -------------------------------------------------------------
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine was busy (all processes, all cores). */
function machineBusySeconds(): number | undefined {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  } catch {
    return undefined;
  }
}

interface PhaseResult {
  wallMs: number;
  outcomes: TaskerOutcome[];
  nodeCpuSeconds: number;
  javaCpuSeconds?: number;
  machineCpuSeconds?: number;
  eventLoopUtilization: number;
}

async function runPhase(ctx: FlowContext, truth: Map<string, TrueItem>, prefix: string, taskers: number, concurrency: number, rampMs = 0): Promise<PhaseResult> {
  const ids = Array.from({ length: taskers }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
  const outcomes: TaskerOutcome[] = [];
  let next = 0;
  const javaPid = stack?.dynamoDb?.javaPid;
  const cpuBefore = process.cpuUsage();
  const javaBefore = processCpuSeconds(javaPid);
  const machineBefore = machineBusySeconds();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, taskers) }, async () => {
      while (next < ids.length) {
        const index = next++;
        const taskerId = ids[index] as string;
        // arrivals spread over the ramp: tasker i signs up at i/n of it (measured from the phase's start)
        const arrival = (rampMs * index) / taskers - (performance.now() - started);
        if (arrival > 0) await sleep(arrival);
        // one random stream per tasker: results do not depend on how the workers interleave
        outcomes.push(await runTasker(ctx, taskerId, new Simulee(truth, createRng(`${opts.seed}:${taskerId}`))));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const javaAfter = processCpuSeconds(javaPid);
  const machineAfter = machineBusySeconds();
  return {
    wallMs,
    outcomes,
    nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(javaBefore !== undefined && javaAfter !== undefined ? { javaCpuSeconds: javaAfter - javaBefore } : {}),
    ...(machineBefore !== undefined && machineAfter !== undefined ? { machineCpuSeconds: machineAfter - machineBefore } : {}),
    eventLoopUtilization: performance.eventLoopUtilization(eluBefore).utilization,
  };
}

/** The demo bank and blueprint, if the stack's seed does not provide them (same use cases as the seed). */
async function ensureDemoBlueprint(s: EmbeddedStack): Promise<void> {
  const { DynamoCatalogStore } = await import('@theta/store');
  const catalog = new DynamoCatalogStore(s.ddb, s.tableNames.bank);
  if ((await catalog.latestBlueprintVersion(BLUEPRINT_ID)) !== undefined) return;
  const { importItemsInParts, publishBlueprint } = await import('@theta/assessment');
  const seedDir = join(REPO_ROOT, 'packages', 'local', 'seed');
  const imported = await importItemsInParts(catalog, JSON.parse(readFileSync(join(seedDir, 'items.json'), 'utf8')));
  if (!imported.ok) throw new Error(`demo items invalid: ${JSON.stringify(imported.errors).slice(0, 500)}`);
  const published = await publishBlueprint(catalog, JSON.parse(readFileSync(join(seedDir, 'blueprints', `${BLUEPRINT_ID}.json`), 'utf8')), 'bench');
  if (!published.ok) throw new Error(`demo blueprint invalid: ${JSON.stringify(published.errors).slice(0, 500)}`);
  out(`(the stack's seed has no blueprint ${BLUEPRINT_ID} yet: the bench imported ${imported.written.length} items and published it)`);
}

const routesOf = (samples: Samples) => [...ROUTE_ORDER.filter((r) => samples.labels().includes(r)), ...samples.labels().filter((r) => !ROUTE_ORDER.includes(r))];

function routeTable(latency: Samples, note: (route: string, s: Summary) => string = () => ''): void {
  out(`  ${padEnd('route', 24)} ${pad('count', 6)} ${pad('p50', 7)} ${pad('p90', 7)} ${pad('p99', 7)} ${pad('max', 7)}  ms`);
  for (const route of routesOf(latency)) {
    const s = latency.summary(route);
    out(`  ${padEnd(route, 24)} ${pad(s.count, 6)} ${pad(ms(s.p50), 7)} ${pad(ms(s.p90), 7)} ${pad(ms(s.p99), 7)} ${pad(ms(s.max), 7)}  ${note(route, s)}`.trimEnd());
  }
}

function printFailures(failures: readonly FailedRequest[]): void {
  out(`non-2xx responses: ${failures.length}${failures.length === 0 ? ' (ok)' : ' — MISSED (must be 0)'}`);
  for (const f of failures.slice(0, 20)) out(`  ${f.status} ${f.method} ${f.path} [${f.route}] ${f.body}`);
  if (failures.length > 20) out(`  … and ${failures.length - 20} more`);
}

function cpuLine(run: PhaseResult): string {
  const wallS = run.wallMs / 1000;
  const cores = (seconds: number | undefined) => (seconds === undefined ? 'n/a' : `${ms(seconds, 1)} s = ${ms(seconds / wallS, 2)} cores`);
  const others =
    run.machineCpuSeconds === undefined || run.javaCpuSeconds === undefined ? undefined : Math.max(0, run.machineCpuSeconds - run.nodeCpuSeconds - run.javaCpuSeconds);
  return (
    `  CPU over ${ms(wallS, 1)} s on ${os.cpus().length} cores: this node process (clients + server + handlers) ${cores(run.nodeCpuSeconds)}, ` +
    `event loop busy ${ms(100 * run.eventLoopUtilization, 0)}%; DynamoDB Local (Java) ${cores(run.javaCpuSeconds)}; other processes on the machine ${cores(others)}`
  );
}

function printBundles(reports: readonly BundleReport[]): void {
  out(`== Bundles: esbuild as infra/lib/constructs/theta-function.ts (ESM, minify, node22, keep-names, createRequire banner, linked map) ==`);
  out(`  size = the .mjs without its map (KB = 1024 bytes); init = median of ${opts.initRuns} \`await import()\` in a fresh node ${process.version}`);
  out('  process with a Lambda-like env (THETA_TABLE_*, AWS_REGION, POWERTOOLS_LOG_LEVEL=SILENT); "+maps" = same with');
  out('  NODE_OPTIONS=--enable-source-maps, which infra sets on every function');
  out(`  ${padEnd('function', 24)} ${pad('KB', 6)} ${pad('map KB', 7)} ${pad('init ms', 8)} ${pad('+maps', 6)}  ${padEnd(`≤ ${BUNDLE_TARGET_KB} KB`, 9)} largest inputs (KB in the bundle)`);
  for (const r of reports) {
    const kb = r.bytes / 1024;
    const top = r.topPackages.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)}`).join(', ');
    out(
      `  ${padEnd(r.id, 24)} ${pad(kb.toFixed(1), 6)} ${pad((r.mapBytes / 1024).toFixed(0), 7)} ${pad(ms(r.initMs), 8)} ${pad(ms(r.initWithSourceMapsMs), 6)}  ${padEnd(verdict(kb <= BUNDLE_TARGET_KB), 9)} ${top}`,
    );
  }
}

async function main(): Promise<number> {
  const began = performance.now();
  out(`Theta API benchmark (embedded stack) — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${os.platform()} ${os.arch()}, load average before start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  out(`taskers ${opts.taskers}, concurrency ${opts.concurrency}, think ${opts.thinkMs} ms, ramp ${opts.rampMs} ms, seed ${opts.seed}, warm-up ${opts.warmup}\n`);

  const profile = new ServerProfile(TABLE_PREFIX);
  const serverMs = new Samples();
  const handlerErrors: string[] = [];
  const startStarted = performance.now();
  stack = await startEmbeddedStack({
    // the JVM's own JIT (C2), warmed up below: what is measured is the API on a warm DynamoDB Local, not the
    // quick-start flags that suit short test runs (docs/local-stack.md)
    dynamoDb: { launch: { jvmFlags: [] } },
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
  // Only now: @theta/store builds its client from the environment the stack has just set, and it is the module
  // instance the handlers import, so a middleware on its stack times exactly the handlers' DynamoDB calls.
  // (dynamoClient is a function returning the container's client; older revisions exported the client itself.)
  const store = (await import('@theta/store')) as { dynamoClient: DynamoDBClient | (() => DynamoDBClient) };
  profile.instrument(typeof store.dynamoClient === 'function' ? store.dynamoClient() : store.dynamoClient);
  await ensureDemoBlueprint(stack);
  out(`embedded stack up in ${ms(performance.now() - startStarted, 0)} ms: API ${stack.url}, DynamoDB Local ${stack.dynamoDbEndpoint} (in memory)`);

  // the placement bank and the practice items: the simulees answer both the way the model says
  const truth = new Map([...loadTruth(), ...loadTruth(PRACTICE_ITEMS_FILE)]);
  client = new BenchClient(stack.url, Math.max(opts.concurrency, ...opts.sweep, 1));
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
    thinkMs: 0,
    quizLength: opts.quizLength,
  };
  const resetSamples = () => {
    latency.clear();
    serverMs.clear();
    profile.reset();
  };

  // ---- warm-up: handler modules imported, banks compiled, V8 and Java JITs warm (not measured) ---------------------
  if (opts.warmup > 0) {
    const warm = await runPhase(ctx, truth, 'warm', opts.warmup, Math.min(opts.warmup, 10));
    out(`warm-up: ${opts.warmup} taskers, ${warm.outcomes.reduce((n, o) => n + o.requests, 0)} requests in ${ms(warm.wallMs / 1000, 1)} s (not measured)`);
  }
  resetSamples();

  // ---- measured run ------------------------------------------------------------------------------------------------
  const run = await runPhase({ ...ctx, thinkMs: opts.thinkMs }, truth, 'bench', opts.taskers, opts.concurrency, opts.rampMs);
  const requests = run.outcomes.reduce((n, o) => n + o.requests, 0);
  const completed = run.outcomes.filter((o) => o.completed);
  const wallS = run.wallMs / 1000;
  const submitP99 = latency.summary(SUBMIT_ROUTE).p99;
  const failuresOfRun = failures.length;

  const pacing =
    (opts.thinkMs > 0 ? `thinking ~${opts.thinkMs} ms before each answer` : 'each answering back to back (no think time)') +
    (opts.rampMs > 0 ? `, arriving over ${opts.rampMs} ms` : ', all arriving at once');
  out(`\n== Load: ${opts.taskers} taskers, ${opts.concurrency} concurrent, ${pacing} ==`);
  out(`wall time ${ms(wallS, 2)} s; ${requests} requests; ${completed.length}/${opts.taskers} placements completed`);
  out(`throughput ${ms(requests / wallS, 1)} requests/s, ${ms(completed.length / wallS, 2)} placements/s`);
  printFailures(failures);
  if (handlerErrors.length > 0) out(`handler errors (500s): ${handlerErrors.length}: ${handlerErrors.slice(0, 3).join(' | ')}`);
  out('client latency per route (high-resolution timer, nearest-rank percentiles):');
  const quizP99 = latency.summary(QUIZ_SUBMIT_ROUTE).p99;
  routeTable(latency, (route) =>
    route === SUBMIT_ROUTE ? `target p99 ≤ ${SUBMIT_P99_TARGET_MS} ms: ${verdict(submitP99 <= SUBMIT_P99_TARGET_MS)}` : route === QUIZ_SUBMIT_ROUTE ? `target p99 ≤ ${SUBMIT_P99_TARGET_MS} ms: ${verdict(quizP99 <= SUBMIT_P99_TARGET_MS)}` : '',
  );

  out('\nsame run, server side (server = local server onRequest durationMs, whole ms; handler = the handler call):');
  out(`  ${padEnd('route', 24)} ${pad('client', 7)} ${pad('server', 7)} ${pad('handler', 8)} ${pad('hdl p99', 8)}  means in ms unless p99`);
  for (const route of routesOf(latency)) {
    const h = profile.handlerMs.summary(route);
    out(`  ${padEnd(route, 24)} ${pad(ms(latency.summary(route).mean), 7)} ${pad(ms(serverMs.summary(route).mean), 7)} ${pad(ms(h.mean), 8)} ${pad(ms(h.p99), 8)}`);
  }
  out('  DynamoDB calls made by the handlers (SDK send → result, per command and table):');
  out(`    ${padEnd('call', 40)} ${pad('count', 6)} ${pad('mean', 6)} ${pad('p50', 6)} ${pad('p99', 6)} ${pad('max', 6)}  ms`);
  const byTotal = (a: string, b: string) => profile.dynamoMs.summary(b).total - profile.dynamoMs.summary(a).total;
  let dynamoCalls = 0;
  for (const label of profile.dynamoMs.labels().sort(byTotal)) {
    const d = profile.dynamoMs.summary(label);
    dynamoCalls += d.count;
    out(`    ${padEnd(label, 40)} ${pad(d.count, 6)} ${pad(ms(d.mean), 6)} ${pad(ms(d.p50), 6)} ${pad(ms(d.p99), 6)} ${pad(ms(d.max), 6)}`);
  }
  out(`  ${dynamoCalls} DynamoDB calls for ${requests} requests (${ms(dynamoCalls / requests, 2)} per request)`);
  out(cpuLine(run));
  if (run.javaCpuSeconds !== undefined) {
    out(`  CPU per request: node ${ms((1000 * run.nodeCpuSeconds) / requests, 2)} ms, DynamoDB Local ${ms((1000 * run.javaCpuSeconds) / requests, 2)} ms (${ms((1000 * run.javaCpuSeconds) / dynamoCalls, 2)} ms per DynamoDB call)`);
  }

  // sanity of the simulation: the API's estimates should track the simulees' true θ
  const estimates = completed.flatMap((o) => o.estimates);
  const rmse = Math.sqrt(estimates.reduce((sum, e) => sum + (e.theta - e.truth) ** 2, 0) / Math.max(1, estimates.length));
  const tracks = new Map<string, number>();
  for (const o of completed) tracks.set(o.track ?? '?', (tracks.get(o.track ?? '?') ?? 0) + 1);
  const items = summarize(completed.map((o) => o.items));
  out(
    `  simulation check: ${ms(items.mean, 1)} items per placement (min ${Math.min(...completed.map((o) => o.items))}, max ${items.max}); ` +
      `θ RMSE vs truth ${ms(rmse, 2)} over ${estimates.length} skill estimates; tracks: ${[...tracks.entries()].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ')}`,
  );

  // ---- sweep: latency vs concurrency ----------------------------------------------------------------------------------
  const sweepMet: number[] = [];
  if (opts.sweep.length > 0) {
    out(`\n== Sweep: latency vs concurrency (max(c, 5) taskers per level, back to back) ==`);
    out(`  ${pad('c', 3)} ${pad('req/s', 7)} ${pad('submit p50', 11)} ${pad('p90', 7)} ${pad('p99', 7)} ${pad('max', 7)}  ${padEnd(`p99 ≤ ${SUBMIT_P99_TARGET_MS}`, 10)} cores: node / Java / others`);
    for (const c of opts.sweep) {
      resetSamples();
      const level = await runPhase(ctx, truth, `sweep${c}`, Math.max(c, 5), c);
      const n = level.outcomes.reduce((sum, o) => sum + o.requests, 0);
      const sub = latency.summary(SUBMIT_ROUTE);
      if (sub.p99 <= SUBMIT_P99_TARGET_MS) sweepMet.push(c);
      const w = level.wallMs / 1000;
      const others = level.machineCpuSeconds === undefined || level.javaCpuSeconds === undefined ? Number.NaN : Math.max(0, level.machineCpuSeconds - level.nodeCpuSeconds - level.javaCpuSeconds);
      out(
        `  ${pad(c, 3)} ${pad(ms(n / w), 7)} ${pad(ms(sub.p50), 11)} ${pad(ms(sub.p90), 7)} ${pad(ms(sub.p99), 7)} ${pad(ms(sub.max), 7)}  ${padEnd(verdict(sub.p99 <= SUBMIT_P99_TARGET_MS), 10)} ` +
          `${ms(level.nodeCpuSeconds / w, 2)} / ${ms((level.javaCpuSeconds ?? Number.NaN) / w, 2)} / ${ms(others / w, 2)}`,
      );
    }
  }

  // ---- attribution: one tasker at a time, every DynamoDB call charged to its request ----------------------------------
  if (opts.profileTaskers > 0) {
    resetSamples();
    profile.attribution = true;
    await runPhase(ctx, truth, 'profile', opts.profileTaskers, 1);
    profile.attribution = false;
    out(`\n== Profile: ${opts.profileTaskers} taskers one at a time (no queueing); DynamoDB calls attributed per request ==`);
    out(`  ${padEnd('route', 24)} ${pad('client', 7)} ${pad('handler', 8)} ${pad('in ddb', 7)} ${pad('rest', 6)} ${pad('outside', 8)} ${pad('calls', 6)}  means in ms; most frequent call sequence`);
    for (const route of ROUTE_ORDER) {
      const rows = profile.attributed.filter((r) => r.route === route);
      if (rows.length === 0) continue;
      const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((sum, r) => sum + f(r), 0) / rows.length;
      const sequences = new Map<string, number>();
      for (const r of rows) sequences.set(r.sequence, (sequences.get(r.sequence) ?? 0) + 1);
      const [sequence, times] = [...sequences.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      const clientMean = latency.summary(route).mean;
      out(
        `  ${padEnd(route, 24)} ${pad(ms(clientMean), 7)} ${pad(ms(mean((r) => r.handlerMs)), 8)} ${pad(ms(mean((r) => r.dynamoMs)), 7)} ${pad(ms(mean((r) => r.handlerMs - r.dynamoMs)), 6)} ` +
          `${pad(ms(clientMean - mean((r) => r.handlerMs)), 8)} ${pad(ms(mean((r) => r.calls.length), 1), 6)}  ${sequence} (${times}/${rows.length})`,
      );
    }
    out('  in ddb = handler time with a DynamoDB call in flight (SDK marshalling + signing + HTTP + DynamoDB Local);');
    out('  rest = the handler\'s own CPU (middy, zod, CAT step, JSON); outside = client − handler (HTTP, JWT check, event build, client)');
    out('  DynamoDB call latency, unloaded:');
    for (const label of profile.dynamoMs.labels().sort((a, b) => profile.dynamoMs.summary(b).mean - profile.dynamoMs.summary(a).mean)) {
      const d = profile.dynamoMs.summary(label);
      out(`    ${padEnd(label, 40)} ${pad(d.count, 6)}  mean ${pad(ms(d.mean, 2), 6)}  p50 ${pad(ms(d.p50, 2), 6)}  p99 ${pad(ms(d.p99, 2), 6)} ms`);
    }
  }

  // ---- CPU profile of this process under load -------------------------------------------------------------------------
  if (opts.cpuTaskers > 0) {
    resetSamples();
    const profiler = new CpuProfiler();
    await profiler.start();
    const phase = await runPhase(ctx, truth, 'cpu', opts.cpuTaskers, Math.min(opts.concurrency, opts.cpuTaskers));
    const cpu = await profiler.stop();
    const n = phase.outcomes.reduce((sum, o) => sum + o.requests, 0);
    out(`\n== CPU profile of the node process: ${opts.cpuTaskers} taskers at concurrency ${Math.min(opts.concurrency, opts.cpuTaskers)}, ${n} requests ==`);
    out(`  main-thread busy ${ms(cpu.totalMs / n, 2)} ms per request, by owner of the nearest JS frame (Node internals charged to their caller):`);
    for (const share of cpu.shares.filter((x) => x.share >= 0.01)) out(`    ${pad(ms(100 * share.share, 1), 5)}%  ${pad(ms(share.ms / n, 2), 5)} ms/req  ${share.owner}`);
    out('  top functions by self time:');
    for (const f of cpu.topFunctions) out(`    ${pad(ms(100 * f.share, 1), 5)}%  ${pad(ms(f.ms / n, 2), 5)} ms/req  ${f.owner}`);
  }

  if (failures.length > failuresOfRun) printFailures(failures.slice(failuresOfRun));
  await stopStack();
  out(`\nembedded stack stopped (DynamoDB Local's Java process ended)`);

  // ---- bundles -----------------------------------------------------------------------------------------------------
  let bundleVerdict = '';
  if (opts.bundles) {
    out('');
    const { ROUTES } = await import('@theta/functions/routes');
    const { JOBS } = await import('@theta/functions/jobs');
    const reports = await measureBundles([...ROUTES, ...JOBS], { runs: opts.initRuns });
    printBundles(reports);
    const over = reports.filter((r) => r.bytes / 1024 > BUNDLE_TARGET_KB);
    bundleVerdict = `; bundles ≤ ${BUNDLE_TARGET_KB} KB: ${over.length === 0 ? 'ok' : `MISSED by ${over.length}/${reports.length} functions`}`;
  }

  const sweepNote = opts.sweep.length === 0 ? '' : ` (sweep: met at concurrency ${sweepMet.length === 0 ? 'none' : sweepMet.join(', ')} of ${opts.sweep.join(', ')})`;
  out(`\ntargets: submit-response p99 ${ms(submitP99)} ms ≤ ${SUBMIT_P99_TARGET_MS} ms at concurrency ${opts.concurrency}: ${verdict(submitP99 <= SUBMIT_P99_TARGET_MS)}${sweepNote}${bundleVerdict}`);
  out(`total benchmark time ${ms((performance.now() - began) / 1000, 1)} s`);
  return failures.length > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  // requests cut off by a signal's shutdown fail too: not worth a stack trace
  if (!interrupted) console.error('benchmark failed:', error);
} finally {
  await stopStack();
}
process.exit(exitCode);
