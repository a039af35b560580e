// `npm run bench:item-health` — item health on the target scenario: 300 2PL items (250 anchors, 50 pilots),
// 10,000 simulees each taking a 25-item adaptive test (22 anchors, randomesque: one of the 10 most informative at the running
// EAP, + 3 random pilots), with planted drifted, misfitting, DIF and rapid-guessed anchors (test/health-scenario.ts).
// Prints, per planted problem, how many planted items were flagged (detection) and how many clean anchors got the
// flag (false alarms). Seeded; repeated over several seeds; timings are wall clock.
import os from 'node:os';
import { itemHealth } from '../src/health/index';
import type { HealthFlag } from '../src/health/types';
import { scenario, type ScenarioOptions } from '../test/health-scenario';

const SEEDS = Number(process.env.SEEDS ?? 3);
const base: Omit<ScenarioOptions, 'seed'> = { anchors: 250, pilots: 50, taskers: 10_000, testAnchors: 22, testPilots: 3, drift: 10, misfit: 5, dif: 5, rapid: 5 };

console.log(`Item health benchmark — ${new Date().toISOString()}`);
console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${base.anchors + base.pilots} items (${base.anchors} anchors, ${base.pilots} pilots), ${base.taskers} adaptive tests of ${base.testAnchors}+${base.testPilots}; planted per seed: ${base.drift} drift (b ± 0.6), ${base.misfit} misfit, ${base.dif} DIF (b + 1.0 for the focal group), ${base.rapid} rapid-guessing (30%)\n`);

const kinds: [HealthFlag, 'drift' | 'misfit' | 'dif' | 'rapid'][] = [['drift', 'drift'], ['misfit', 'misfit'], ['dif', 'dif'], ['rapid-guessing', 'rapid']];
const totals = new Map<HealthFlag, { hit: number; planted: number; testable: number; testableHit: number; falseAlarms: number; clean: number }>();
let anyFlagOnClean = 0;
let cleanTotal = 0;
let cleanTested = 0;
for (let s = 0; s < SEEDS; s++) {
  const sc = scenario({ ...base, seed: `item-health-bench-${s}` });
  const t0 = performance.now();
  const report = itemHealth({ bank: sc.bank, responses: sc.responses, groups: sc.groups });
  const seconds = (performance.now() - t0) / 1000;
  const byId = new Map(report.items.map((h) => [h.id, h]));
  const line: string[] = [];
  for (const [flag, key] of kinds) {
    const planted = sc.planted[key];
    const hit = [...planted].filter((id) => byId.get(id)?.flags.includes(flag)).length;
    const testable = [...planted].filter((id) => (byId.get(id)?.n ?? 0) >= report.thresholds.minResponses);
    const testableHit = testable.filter((id) => byId.get(id)?.flags.includes(flag)).length;
    const falseAlarms = [...sc.clean].filter((id) => byId.get(id)?.flags.includes(flag)).length;
    const t = totals.get(flag) ?? { hit: 0, planted: 0, testable: 0, testableHit: 0, falseAlarms: 0, clean: 0 };
    totals.set(flag, {
      hit: t.hit + hit,
      planted: t.planted + planted.size,
      testable: t.testable + testable.length,
      testableHit: t.testableHit + testableHit,
      falseAlarms: t.falseAlarms + falseAlarms,
      clean: t.clean + sc.clean.size,
    });
    line.push(`${flag} ${hit}/${planted.size} (false ${falseAlarms})`);
  }
  const clean = [...sc.clean].map((id) => byId.get(id)!);
  const tested = clean.filter((h) => !h.flags.includes('few-responses'));
  anyFlagOnClean += tested.filter((h) => h.flags.length > 0).length;
  cleanTested += tested.length;
  cleanTotal += clean.length;
  console.log(`seed ${s}: ${report.responsesUsed} responses, ${seconds.toFixed(2)} s; ${line.join(', ')}; clean anchors with n ≥ 100: ${tested.length}/${clean.length}`);
}
const pct = (a: number, b: number) => `${a}/${b} (${b > 0 ? ((100 * a) / b).toFixed(1) : '—'}%)`;
console.log(`\nover ${SEEDS} seeds          detected (all planted)   detected (planted, n ≥ 100)   false alarms on clean anchors`);
for (const [flag, t] of totals)
  console.log(`  ${flag.padEnd(16)} ${pct(t.hit, t.planted).padStart(16)}   ${pct(t.testableHit, t.testable).padStart(22)}   ${pct(t.falseAlarms, t.clean).padStart(18)}`);
console.log(`  clean anchors with n ≥ 100 and ANY flag: ${anyFlagOnClean}/${cleanTested} (${((100 * anyFlagOnClean) / cleanTested).toFixed(2)}%); anchors with n < 100 (few-responses only): ${cleanTotal - cleanTested}`);
