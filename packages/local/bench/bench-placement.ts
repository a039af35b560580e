// `npm run bench:placement` — routing accuracy through the HTTP API on held-out data: a generated 300-item bank
// for one skill (never the demo bank) is imported with POST /v1/items/batch, the bench blueprint (one cut at
// θ = 0.5, max 30 items, CMI, the default classification stop) is published with POST /v1/blueprints, and 200
// simulated taskers of known θ complete placements on the embedded stack. Prints routing accuracy and items per
// placement. A benchmark, not a test: a missed target prints MISSED and exits 0; a non-2xx response exits 1.
//
//   npm run bench:placement -- [--simulees 200] [--seed 1] [--bank-size 300] [--concurrency 10] [--setting default|ci]
//   npm run bench:placement -- --in-process [--tuning-simulees 2000]   (the tuning step, no stack)
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createRng, probabilityCorrect } from '@theta/irt';
import { type EmbeddedStack, generateIssuerKeys, startEmbeddedStack } from '../src/index';
import { BenchClient, type ClientResponse } from './http-client';
import { HELD_OUT_CUT, heldOutAbilities, heldOutBank, type HeldOutItem } from './placement/held-out';
import { PLACEMENT_BENCH_BLUEPRINT_ID, PLACEMENT_MAX_ITEMS, placementBenchBlueprint } from './placement/placement-blueprint';
import { formatSummary, routingSummary, type RoutedSimulee } from './placement/routing-stats';
import { runInProcess } from './placement/tune';

const ACCURACY_TARGET = 0.94;
const MEAN_ITEMS_TARGET = 13;
/** POST /v1/items/batch holds at most 33 items (docs/item-bank.md) */
const IMPORT_BATCH = 33;

const { values } = parseArgs({
  options: {
    simulees: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    'bank-size': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '10' },
    'in-process': { type: 'boolean', default: false },
    'tuning-simulees': { type: 'string', default: '2000' },
    /** default: the blueprint omits the classification stop (what is measured is the default); ci: MFI + 95% ci stop, the setting */
    setting: { type: 'string', default: 'default' },
  },
  strict: true,
});
const int = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be an integer ≥ 1, got "${v}"`);
    process.exit(2);
  }
  return n;
};
if (values.setting !== 'default' && values.setting !== 'ci') {
  console.error(`--setting must be "default" or "ci", got "${values.setting}"`);
  process.exit(2);
}
const BLUEPRINT =
  values.setting === 'ci' ? placementBenchBlueprint({ selection: { method: 'MFI' }, classification: { method: 'ci', confidence: 0.95 } }) : placementBenchBlueprint();
const opts = {
  simulees: int('simulees', values.simulees),
  seed: int('seed', values.seed),
  bankSize: int('bank-size', values['bank-size']),
  concurrency: int('concurrency', values.concurrency),
  tuningSimulees: int('tuning-simulees', values['tuning-simulees']),
};
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// the handlers' request logs would drown the numbers; errors still print
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const out = (line = '') => console.log(line);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

let stack: EmbeddedStack | undefined;
let client: BenchClient | undefined;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const)
  process.once(signal, () => {
    client?.close();
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
  });

class RequestFailed extends Error {}
async function expectOk(what: string, response: Promise<ClientResponse>): Promise<ClientResponse> {
  const r = await response;
  if (r.status < 200 || r.status > 299) throw new RequestFailed(`${what}: HTTP ${r.status} ${r.body.slice(0, 800)}`);
  return r;
}

interface Step {
  status: string;
  item?: { id: string; options: { id: string }[] };
  result?: { track: string; itemsUsed: number };
}

async function runSimulee(c: BenchClient, s: EmbeddedStack, onboarding: string, k: number, theta: number, bank: Map<string, HeldOutItem>): Promise<RoutedSimulee> {
  const taskerId = `holdout-tasker-${opts.seed}-${k}`;
  const token = await s.signDevToken({ sub: taskerId, roles: ['tasker'] });
  const rng = createRng(`bench-placement:${opts.seed}:${k}`);
  const started = JSON.parse(
    (await expectOk('start', c.send('POST', '/v1/placements', { token: onboarding, body: { taskerId, blueprintId: PLACEMENT_BENCH_BLUEPRINT_ID, profile: { declaredDomains: [], educationLevel: 'other' } } }))).body,
  ) as { placementId: string; item: NonNullable<Step['item']> };
  let item = started.item;
  for (let n = 1; n <= PLACEMENT_MAX_ITEMS + 1; n++) {
    const truth = bank.get(item.id);
    if (!truth) throw new Error(`the API showed ${item.id}, which is not in the held-out bank`);
    const correct = rng() < probabilityCorrect(truth.params, theta);
    const wrong = item.options.map((o) => o.id).filter((id) => id !== truth.correct);
    const answer = correct ? truth.correct : (wrong[Math.floor(rng() * wrong.length)] as string);
    const step = JSON.parse(
      (await expectOk('answer', c.send('POST', `/v1/placements/${started.placementId}/responses`, { token, headers: { 'idempotency-key': `${taskerId}-${n}` }, body: { itemId: item.id, answer } }))).body,
    ) as Step;
    if (step.status === 'completed' && step.result) return { theta, track: step.result.track, items: n };
    if (!step.item) throw new Error(`unexpected reply ${JSON.stringify(step).slice(0, 300)}`);
    item = step.item;
  }
  throw new Error(`${taskerId}: more than ${PLACEMENT_MAX_ITEMS} items`);
}

async function main(): Promise<number> {
  out(`Placement routing benchmark (held-out data) — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const items = heldOutBank(opts.bankSize, opts.seed);
  out(`bank: ${items.length} generated 2PL items (seed ${opts.seed}), a = exp(N(ln 1.12, 0.33²)), b ~ N(${HELD_OUT_CUT}, 1); cut θ = ${HELD_OUT_CUT}, max ${PLACEMENT_MAX_ITEMS} items\n`);

  if (values['in-process']) {
    out(`== In process (simulatePlacement), tuning set: ${opts.tuningSimulees} simulees θ ~ N(0, 1), seed 99 ==`);
    runInProcess(items, opts.tuningSimulees, out);
    return 0;
  }

  const began = performance.now();
  // in-memory DynamoDB Local with quick-start flags: this bench measures routing, not latency
  stack = await startEmbeddedStack({ dynamoDb: { launch: {} }, issuerKeys: await generateIssuerKeys(), tablePrefix: 'theta-bench-placement-', seed: false, log: () => {} });
  const s = stack;
  client = new BenchClient(s.url, opts.concurrency);
  const c = client;
  const author = await s.signDevToken({ sub: 'bench-author', roles: ['author'] });
  const onboarding = await s.signDevToken({ sub: 'bench-onboarding', roles: ['onboarding'] });
  for (let i = 0; i < items.length; i += IMPORT_BATCH)
    await expectOk('import', c.send('POST', '/v1/items/batch', { token: author, body: { items: items.slice(i, i + IMPORT_BATCH).map((h) => h.item) } }));
  const published = JSON.parse((await expectOk('publish', c.send('POST', '/v1/blueprints', { token: author, body: BLUEPRINT }))).body) as { version: number; items: number; notes: string[] };
  out(`setting: ${values.setting === 'ci' ? 'MFI selection, classification { method: "ci", confidence: 0.95 }' : 'CMI selection, classification omitted (the default)'}`);
  out(`stack up, ${items.length} items imported and blueprint ${PLACEMENT_BENCH_BLUEPRINT_ID} v${published.version} published (${published.items} items) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  for (const note of published.notes) out(`  publish note: ${note}`);

  const thetas = heldOutAbilities(opts.simulees, opts.seed);
  const bank = new Map(items.map((h) => [h.params.id, h]));
  const runs: RoutedSimulee[] = new Array(thetas.length);
  let next = 0;
  const driveStarted = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < thetas.length) {
        const k = next++;
        runs[k] = await runSimulee(c, s, onboarding, k, thetas[k] as number, bank);
      }
    }),
  );
  const summary = routingSummary(runs, HELD_OUT_CUT);
  out(`\n== Through the API: ${opts.simulees} held-out simulees θ ~ N(0, 1) (seed ${opts.seed}), ${opts.concurrency} concurrent, ${((performance.now() - driveStarted) / 1000).toFixed(1)} s ==`);
  out(`  ${formatSummary(summary)}`);
  out(`  accuracy ±${Math.sqrt((summary.accuracy * (1 - summary.accuracy)) / summary.n).toFixed(3)} (binomial SE)`);
  out(`  target accuracy ≥ ${ACCURACY_TARGET} at ≤ ${MEAN_ITEMS_TARGET} items on average: ${verdict(summary.accuracy >= ACCURACY_TARGET && summary.meanItems <= MEAN_ITEMS_TARGET)}`);
  return 0;
}

main()
  .then(
    (code) => code,
    (error: unknown) => {
      console.error(error instanceof RequestFailed ? error.message : error);
      return 1;
    },
  )
  .then(async (code) => {
    client?.close();
    await stack?.stop();
    process.exit(code);
  });
