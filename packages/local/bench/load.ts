// `npm run load` — load and fault run on the embedded stack as `npm start` runs it (file-backed, supervised
// DynamoDB Local, seeded demo data): N simulated taskers complete placements and practice quizzes with client
// retries, double submissions and resent requests, while DynamoDB Local is stalled (SIGSTOP) and killed mid-run.
// Then an audit on the recovered database: every acknowledged answer stored exactly once, every completed
// placement consistent with its track and proficiency. Prints throughput, latency, status counts and the audit;
// exits 1 when the audit finds anything or a 5xx other than 503 was served. Loopback only, bounded in count and time.
//
//   npm run load -- [--taskers 200] [--faults stall@20s:10s,kill@45s,stall@65s:35s] [--seed 1]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '@theta/irt';
import { DynamoResponseLogStore } from '@theta/store';
import { type EmbeddedStack, generateIssuerKeys, startEmbeddedStack } from '../src/index';
import { BenchClient } from './http-client';
import { loadTruth, PRACTICE_ITEMS_FILE, Simulee } from './simulee';
import { ms, pad, padEnd, summarize } from './stats';
import { sleep } from './tasker-flow';
import { type AuditReport, auditLoadRun } from './load/load-audit';
import { type LoadTaskerResult, runLoadTasker } from './load/load-tasker';
import { type FaultRecord, parseFaults, runFaults } from './load/faults';
import { newCallStats, ResilientCaller } from './load/resilient-caller';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const USAGE = `usage: npm run load -- [options]
  --taskers N         simulated taskers (default 200, at most 2000)
  --ramp-ms N         their arrivals spread evenly over N ms (default 30000)
  --think-ms N        mean pause before each answer (default 2000)
  --quiz-length N     practice quiz items after the placement (default 5; 0: none)
  --faults LIST       stall@<start>:<duration> and kill@<start>, seconds from the first arrival
                      (default stall@20s:10s,kill@45s,stall@65s:35s; "" for none)
  --duplicate-rate X  share of answers sent twice at once (default 0.05)
  --resend-rate X     share of answers sent again after their reply (default 0.05)
  --reload-rate X     share of placement answers preceded by a reload of the current item (default 0.1)
  --max-minutes N     stop the run (not the audit) after N minutes (default 15)
  --seed N            seed of the simulees and the clients' choices (default 1)`;

function options() {
  const { values } = parseArgs({
    options: {
      taskers: { type: 'string', default: '200' },
      'ramp-ms': { type: 'string', default: '30000' },
      'think-ms': { type: 'string', default: '2000' },
      'quiz-length': { type: 'string', default: '5' },
      faults: { type: 'string', default: 'stall@20s:10s,kill@45s,stall@65s:35s' },
      'duplicate-rate': { type: 'string', default: '0.05' },
      'resend-rate': { type: 'string', default: '0.05' },
      'reload-rate': { type: 'string', default: '0.1' },
      'max-minutes': { type: 'string', default: '15' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: keyof typeof values, min: number, max: number, integer = true) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      console.error(`--${name}: expected ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got '${String(values[name])}'\n${USAGE}`);
      process.exit(2);
    }
    return v;
  };
  return {
    taskers: number('taskers', 1, 2000),
    rampMs: number('ramp-ms', 0, 600_000),
    thinkMs: number('think-ms', 0, 60_000),
    quizLength: number('quiz-length', 0, 20),
    faults: parseFaults(values.faults as string),
    duplicateRate: number('duplicate-rate', 0, 1, false),
    resendRate: number('resend-rate', 0, 1, false),
    reloadRate: number('reload-rate', 0, 1, false),
    maxMs: number('max-minutes', 1, 60) * 60_000,
    seed: number('seed', 0, 2 ** 31),
  };
}

const opts = options();
const dataDir = mkdtempSync(join(os.tmpdir(), 'theta-load-'));
let stack: EmbeddedStack | undefined;
let client: BenchClient | undefined;
let exitCode = 0;

try {
  const runFrom = new Date().toISOString();
  stack = await startEmbeddedStack({
    dynamoDb: { launch: { dbPath: dataDir }, supervise: true },
    issuerKeys: await generateIssuerKeys(),
    tablePrefix: 'theta-load-',
    seed: true,
    server: { onHandlerError: () => undefined },
    log: () => undefined,
  });
  const s = stack;
  const truth = new Map([...loadTruth(), ...loadTruth(PRACTICE_ITEMS_FILE)]);
  client = new BenchClient(s.url, opts.taskers + 10);
  const stats = newCallStats();
  const rng = createRng(`load:${opts.seed}`);
  const settings = { duplicateRate: opts.duplicateRate, resendRate: opts.resendRate, requestTimeoutMs: 30_000, giveUpAfterMs: 180_000 };
  const caller = new ResilientCaller(client, settings, stats, rng);
  const onboardingToken = await s.signDevToken({ sub: 'load-onboarding', roles: ['onboarding'] });
  const runTag = `load-${Date.now().toString(36)}`;
  const tokens = new Map<string, string>();
  const tokenOf = async (taskerId: string) => tokens.get(taskerId) ?? tokens.set(taskerId, await s.signDevToken({ sub: taskerId, roles: ['tasker'] })).get(taskerId)!;

  console.log(`Load run: ${opts.taskers} taskers over ${opts.rampMs} ms, think ${opts.thinkMs} ms, quiz ${opts.quizLength}, duplicates ${opts.duplicateRate}, resends ${opts.resendRate}, seed ${opts.seed}`);
  console.log(`faults: ${opts.faults.map((f) => (f.kind === 'stall' ? `stall ${f.forMs / 1000} s at ${f.atMs / 1000} s` : `kill at ${f.atMs / 1000} s`)).join(', ') || 'none'}`);
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}\n`);

  const t0 = performance.now();
  let stopped = false;
  const stopTimer = setTimeout(() => (stopped = true), opts.maxMs);
  const faultRun = runFaults(opts.faults, s.dynamoDbSupervisor!, t0, () => stopped);
  const results: LoadTaskerResult[] = await Promise.all(
    Array.from({ length: opts.taskers }, async (_, i) => {
      await sleep(opts.taskers === 1 ? 0 : (opts.rampMs * i) / (opts.taskers - 1));
      const taskerId = `load-tasker-${i + 1}`;
      const simulee = new Simulee(truth, createRng(`${opts.seed}:${taskerId}`));
      return runLoadTasker({ caller, onboardingToken, taskerToken: await tokenOf(taskerId), runTag, thinkMs: opts.thinkMs, quizLength: opts.quizLength, reloadRate: opts.reloadRate, stopped: () => stopped }, taskerId, simulee);
    }),
  );
  const runMs = performance.now() - t0;
  stopped = true;
  clearTimeout(stopTimer);
  const faults = await faultRun;

  // the audit reads a healthy database: wait for readiness first
  while ((await client.send('GET', '/v1/health')).status !== 200) await sleep(200);
  const audit = await auditLoadRun({ results, reader: new DynamoResponseLogStore(s.ddb, { sessions: s.tableNames.sessions }), from: runFrom, caller, onboardingToken, tokenOf });

  printRun(results, runMs, faults, stats);
  exitCode = printAudit(audit, results, stats);
} finally {
  client?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exitCode = exitCode;

function printRun(results: LoadTaskerResult[], runMs: number, faults: FaultRecord[], stats: ReturnType<typeof newCallStats>): void {
  const answers = results.reduce((n, r) => n + r.acknowledged.length, 0);
  console.log(`run: ${(runMs / 1000).toFixed(1)} s; ${answers} answers acknowledged (${(answers / (runMs / 1000)).toFixed(1)} /s); placements completed ${results.filter((r) => r.placement).length}/${results.length}, withheld ${results.filter((r) => r.placement && r.placement.track === null).length}; quizzes completed ${results.filter((r) => r.quizCompleted).length}`);
  for (const f of faults) console.log(`fault: ${f.fault} from ${(f.startedAtMs / 1000).toFixed(1)} s to ${(f.endedAtMs / 1000).toFixed(1)} s`);
  console.log('\nlatency of successful requests (ms; retries of one request are separate samples)');
  console.log(`${padEnd('route', 26)}${pad('n', 7)}${pad('p50', 9)}${pad('p99', 9)}${pad('max', 9)}`);
  for (const [route, values] of [...stats.latencyMs].sort()) {
    const sum = summarize(values);
    console.log(`${padEnd(route, 26)}${pad(sum.count, 7)}${pad(ms(sum.p50), 9)}${pad(ms(sum.p99), 9)}${pad(ms(sum.max), 9)}`);
  }
  console.log('\nstatus counts (every attempt)');
  for (const [label, count] of [...stats.statuses].sort()) console.log(`  ${padEnd(label, 40)}${pad(count, 7)}`);
}

function printAudit(audit: AuditReport, results: LoadTaskerResult[], stats: ReturnType<typeof newCallStats>): number {
  const serverErrors = [...stats.statuses].filter(([label]) => /\s5\d\d$/.test(label) && !label.endsWith(' 503')).reduce((n, [, c]) => n + c, 0);
  const resumeMismatches = results.reduce((n, r) => n + r.resumeMismatches, 0);
  const lines: [string, number | string, boolean][] = [
    ['acknowledged answers', audit.acknowledged, true],
    ['  stored exactly once', audit.storedOnce, audit.storedOnce === audit.acknowledged],
    ['  lost', audit.lost.length, audit.lost.length === 0],
    ['  duplicated', audit.duplicated.length, audit.duplicated.length === 0],
    ['  corrupted (stored option ≠ sent)', audit.corrupted.length, audit.corrupted.length === 0],
    ['stored, never acknowledged (client gave up)', audit.storedUnacknowledged, true],
    ['completed placements', audit.placementsCompleted, true],
    ['  consistent (track, θ, items, tasker record)', audit.placementsConsistent, audit.placementsConsistent === audit.placementsCompleted],
    ['inconsistencies (placements and quizzes)', audit.inconsistent.length, audit.inconsistent.length === 0],
    ['replies that differed for one Idempotency-Key', stats.replayMismatches.length, stats.replayMismatches.length === 0],
    ['  same JSON, keys in another order', stats.reorderedReplays, true],
    ['reloads showing another item', resumeMismatches, resumeMismatches === 0],
    ['5xx other than 503', serverErrors, serverErrors === 0],
    ['requests that failed for good', stats.failures.length, stats.failures.length === 0],
  ];
  console.log('\naudit');
  for (const [label, value, ok] of lines) console.log(`  ${padEnd(label, 50)}${pad(value, 7)}  ${ok ? 'ok' : 'FAIL'}`);
  const details = [...audit.lost.map((l) => `lost: ${l}`), ...audit.duplicated.map((l) => `duplicated: ${l}`), ...audit.corrupted.map((l) => `corrupted: ${l}`), ...audit.inconsistent, ...stats.replayMismatches.map((m) => `replay ${m.route} ${m.key}: ${m.first} then ${m.other}`), ...stats.failures.map((f) => `failed ${f.route} ${f.path}: ${f.status} ${f.body}`)];
  for (const d of details.slice(0, 20)) console.log(`  - ${d}`);
  if (details.length > 20) console.log(`  … and ${details.length - 20} more`);
  const passed = lines.every(([, , ok]) => ok);
  console.log(`\naudit ${passed ? 'PASSED' : 'FAILED'}`);
  return passed ? 0 : 1;
}
