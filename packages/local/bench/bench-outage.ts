// `npm run bench:outage` — how fast a database outage becomes visible, on the embedded stack with a
// supervised, file-backed DynamoDB Local (as `npm start` runs it). Per round: a stall (SIGSTOP) → the
// time a data route takes to answer 503 and the time /v1/health takes to answer 503; a crash (SIGKILL)
// → the time until /v1/health is 200 again (the supervisor's backoff + JVM start + ensureTables).
// Prints numbers; loopback only; bounded by --rounds.
//
//   npm run bench:outage -- --rounds 3
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DYNAMODB_TIMEOUTS, worstCaseCallMs } from '@theta/store';
import { HEALTH_PROBE_TIMEOUT_MS } from '../../../functions/src/system/get-health';
import { type EmbeddedStack, generateIssuerKeys, startEmbeddedStack } from '../src/index';
import { isProcessAlive } from '../src/process-alive';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error('--rounds must be an integer in 1..20');

const TASKER = 'bench-outage-tasker';
const dataDir = mkdtempSync(join(os.tmpdir(), 'theta-bench-outage-'));
let stack: EmbeddedStack | undefined;

async function timed(path: string, token?: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${stack!.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const javaPid = () => stack!.dynamoDbSupervisor!.current()!.javaPid;
const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  stack = await startEmbeddedStack({
    dynamoDb: { launch: { dbPath: dataDir }, supervise: true },
    issuerKeys: await generateIssuerKeys(),
    server: { onHandlerError: () => undefined },
  });
  const token = await stack.signDevToken({ sub: TASKER, roles: ['tasker'] });
  const dataRoute = `/v1/taskers/${TASKER}/placements`;
  const stalledData: number[] = [];
  const stalledHealth: number[] = [];
  const recovery: number[] = [];
  const healthyData: number[] = [];

  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < 5; i++) healthyData.push((await timed(dataRoute, token)).ms);

    const java = javaPid();
    process.kill(java, 'SIGSTOP');
    try {
      const data = await timed(dataRoute, token);
      const health = await timed('/v1/health');
      if (data.status !== 503 || health.status !== 503) throw new Error(`stalled: data ${data.status}, health ${health.status} (expected 503, 503)`);
      stalledData.push(data.ms);
      stalledHealth.push(health.ms);
    } finally {
      process.kill(java, 'SIGCONT');
    }

    const killed = javaPid();
    const restartsBefore = stack.dynamoDbSupervisor!.restarts();
    const killedAt = performance.now();
    process.kill(killed, 'SIGKILL');
    while (isProcessAlive(killed)) await new Promise((resolve) => setTimeout(resolve, 10));
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const ready = stack.dynamoDbSupervisor!.restarts() > restartsBefore && (await timed('/v1/health')).status === 200;
      if (ready) break;
      if (performance.now() - killedAt > 60_000) throw new Error('no recovery within 60 s');
    }
    recovery.push(performance.now() - killedAt);
  }

  console.log(`Database outage bench: ${rounds} rounds, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`);
  console.log(
    `client bound: ${DYNAMODB_TIMEOUTS.maxAttempts} attempts × ${DYNAMODB_TIMEOUTS.requestTimeoutMs} ms + backoff ≤ ${DYNAMODB_TIMEOUTS.maxBackoffMs} ms = ${worstCaseCallMs()} ms; health probe ${HEALTH_PROBE_TIMEOUT_MS} ms`,
  );
  console.log(`healthy data route (ms)        median ${median(healthyData).toFixed(1)} (n=${healthyData.length})`);
  console.log(`stalled: data route → 503 (ms)  ${fmt(stalledData)}  median ${median(stalledData).toFixed(0)}`);
  console.log(`stalled: /v1/health → 503 (ms)  ${fmt(stalledHealth)}  median ${median(stalledHealth).toFixed(0)}`);
  console.log(`killed: until /v1/health 200 (ms) ${fmt(recovery)}  median ${median(recovery).toFixed(0)}`);
} finally {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
