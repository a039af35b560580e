// `npm run bench:tracker` — the proficiency tracker on simulated learners whose θ changes over time
// (bench/tracker/learners.ts: random walk + a per-learner learning/forgetting trend + rare jumps; a 20-item
// placement, then 10-item practice sessions at exponential gaps, mean 7 days, over 240 days).
// 1. sweep driftPerDay (and the cap) on a TRAINING population, choose by next-answer log loss;
// 2. tune Elo's K on the same training population;
// 3. report tracker (chosen) vs static all-history EAP vs Elo (tuned) on a HELD-OUT population (another seed),
//    for drifting learners and for learners whose ability never changes;
// 4. time `npm run proficiency -- replay` in-process (parse + replay + write) on the held-out log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackerConfig } from '../src/tracker/tracker';
import { replayResponses } from '../src/tracker/replay';
import { runProficiencyCli } from '../src/tracker/cli';
import type { Item } from '../src/types';
import { elo, staticEap } from './tracker/baselines';
import { DRIFTING, logText, simulateBank, simulateLearners, STATIC, type SimulatedLog } from './tracker/learners';
import { score, type Scores } from './tracker/metrics';

const f3 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
const f4 = (x: number) => x.toFixed(4);
const row = (name: string, s: Scores) => `| ${name} | ${f4(s.logLoss)} | ${f3(s.auc)} | ${f3(s.rmse)} | ${f3(s.coverage95)} |`;
const HEADER = '| method | log loss | AUC | θ RMSE | 95% coverage |\n|---|---|---|---|---|';

const bankItems = simulateBank(7);
const bank = new Map<string, Item>(bankItems.map((it) => [it.id, it]));
const outcomes = (log: SimulatedLog) => log.records.map((r) => r.score);

const tracker = (log: SimulatedLog, driftPerDay: number, maxPriorSe = 1) => score(replayResponses(bank, log.records, trackerConfig({ driftPerDay, maxPriorSe })), outcomes(log), log.truth);

const train = simulateLearners(bankItems, DRIFTING, 101);
console.log(`training population: ${DRIFTING.learners} drifting learners, ${train.records.length} responses (seed 101)\n`);

console.log('sweep of driftPerDay (maxPriorSe 1), training population:\n');
console.log(HEADER.replace('method', 'driftPerDay'));
const drifts = [0, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032];
let best = { drift: 0, logLoss: Infinity };
for (const q of drifts) {
  const s = tracker(train, q);
  console.log(row(String(q), s));
  if (s.logLoss < best.logLoss) best = { drift: q, logLoss: s.logLoss };
}
console.log(`\nchosen driftPerDay = ${best.drift} (lowest training log loss)\n`);

console.log('cap of the aged prior SE at the chosen drift, training population:\n');
console.log(HEADER.replace('method', 'maxPriorSe'));
for (const cap of [0.5, 0.75, 1, 1.5]) console.log(row(String(cap), tracker(train, best.drift, cap)));

console.log('\nElo K, training population:\n');
console.log(HEADER.replace('method', 'K'));
let bestK = { k: 0, logLoss: Infinity };
for (const k of [0.05, 0.1, 0.15, 0.2, 0.3, 0.4]) {
  const s = score(elo(bank, train.records, k), outcomes(train), train.truth);
  console.log(row(String(k), s));
  if (s.logLoss < bestK.logLoss) bestK = { k, logLoss: s.logLoss };
}
console.log(`\nchosen Elo K = ${bestK.k}\n`);

for (const [name, scenario] of [['drifting', DRIFTING], ['static (ability never changes)', STATIC]] as const) {
  const test = simulateLearners(bankItems, scenario, 202);
  console.log(`held-out population, ${name}: ${scenario.learners} learners, ${test.records.length} responses (seed 202)\n`);
  console.log(HEADER);
  console.log(row(`tracker (driftPerDay ${best.drift})`, tracker(test, best.drift)));
  console.log(row('static all-history EAP', score(staticEap(bank, test.records), outcomes(test), test.truth)));
  console.log(row(`Elo (K ${bestK.k})`, score(elo(bank, test.records, bestK.k), outcomes(test), test.truth)));
  console.log('');
}

// throughput of the command itself, on a held-out log of ≥ 100,000 lines
const big = simulateLearners(bankItems, { ...DRIFTING, learners: 1500 }, 303);
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-tracker-'));
try {
  const bankFile = path.join(dir, 'bank.json');
  const logFile = path.join(dir, 'log.jsonl');
  writeFileSync(bankFile, JSON.stringify({ items: bankItems }));
  writeFileSync(logFile, logText(big));
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const code = await runProficiencyCli(['replay', '--bank', bankFile, '--log', logFile, '--out', path.join(dir, 'pred.jsonl')], { stdout: () => {}, stderr: () => {} });
    if (code !== 0) throw new Error(`replay exited ${code}`);
    times.push(performance.now() - t0);
  }
  const ms = times.sort((a, b) => a - b)[1]!;
  const t1 = performance.now();
  replayResponses(bank, big.records, trackerConfig({ driftPerDay: best.drift }));
  const core = performance.now() - t1;
  console.log(`replay throughput (${big.records.length} responses, node ${process.version}, ${os.cpus().length} CPUs):`);
  console.log(`  whole command (read + parse + replay + write), median of 3: ${ms.toFixed(0)} ms = ${Math.round(big.records.length / (ms / 1000)).toLocaleString('en-US')} responses/s`);
  console.log(`  tracker alone (replayResponses): ${core.toFixed(0)} ms = ${Math.round(big.records.length / (core / 1000)).toLocaleString('en-US')} responses/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
