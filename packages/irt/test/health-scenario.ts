// Simulated adaptive tests with planted item problems and known truth, for the item-health tests and
// `npm run bench:item-health`. The bank the service holds ("bank") drives the CAT; the responses come from the TRUE
// parameters, which differ from the bank exactly for the planted items.
import type { ResponseLogRecord } from '../src/formats/response-log';
import type { HealthBankItem } from '../src/health/types';
import { createRng, randomInt, randomNormal } from '../src/random';
import type { DichotomousItem, Rng } from '../src/types';

export interface ScenarioOptions {
  seed: string;
  anchors: number;
  pilots: number;
  taskers: number;
  /** anchors per test (randomesque: one of the RANDOMESQUE most informative at the running EAP) */
  testAnchors: number;
  /** pilot items per test (random) */
  testPilots: number;
  /** how many anchors get each planted problem (disjoint sets) */
  drift: number;
  misfit: number;
  dif: number;
  rapid: number;
}

export interface Scenario {
  bank: HealthBankItem[];
  responses: ResponseLogRecord[];
  groups: Map<string, string>;
  planted: { drift: Set<string>; misfit: Set<string>; dif: Set<string>; rapid: Set<string> };
  /** anchors with no planted problem */
  clean: Set<string>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** exposure control of the simulated CAT: the next item is one of this many most informative (Kingsbury & Zara 1989) */
export const RANDOMESQUE = 10;
/** b moves this much on a drifted anchor (half of them up, half down) */
export const PLANTED_DRIFT_B = 0.6;
/** the focal group finds a DIF item this much harder (b units; Δ_MH ≈ −2.35·a·shift) */
export const PLANTED_DIF_B = 1.0;
/** share of a rapid-guessing item's responses that are rapid guesses (≈1.5 s, right with p = 0.25) */
export const PLANTED_RAPID_SHARE = 0.3;

export function scenario(o: ScenarioOptions): Scenario {
  const rng = createRng(o.seed);
  const n = o.anchors + o.pilots;
  const bank: HealthBankItem[] = Array.from({ length: n }, (_, j) => ({
    id: `i${String(j).padStart(3, '0')}`,
    model: '2PL' as const,
    a: Math.exp(randomNormal(rng, 0.1, 0.3)),
    b: randomNormal(rng, 0, 1),
    status: j < o.anchors ? 'active' : 'pilot',
  }));
  // planted items: disjoint, among the anchors the CAT shows often (a above the median exp(0.1), |b| < 1.2):
  // anchors it rarely shows get under 100 responses and cannot be judged at all (flagged few-responses)
  const candidates = bank.slice(0, o.anchors).map((_, j) => j).filter((j) => Math.abs((bank[j] as DichotomousItem).b) < 1.2 && (bank[j] as DichotomousItem).a > Math.exp(0.1));
  shuffle(candidates, rng);
  const take = (k: number) => new Set(candidates.splice(0, k).map((j) => (bank[j] as HealthBankItem).id));
  const planted = { drift: take(o.drift), misfit: take(o.misfit), dif: take(o.dif), rapid: take(o.rapid) };
  const flagged = new Set([...planted.drift, ...planted.misfit, ...planted.dif, ...planted.rapid]);
  const clean = new Set(bank.slice(0, o.anchors).map((it) => it.id).filter((id) => !flagged.has(id)));
  let driftSign = 1;
  const truth = bank.map((it) => {
    const d = it as DichotomousItem;
    if (!planted.drift.has(it.id)) return d;
    driftSign = -driftSign;
    return { ...d, b: d.b + driftSign * PLANTED_DRIFT_B };
  });

  const groups = new Map<string, string>();
  const responses: ResponseLogRecord[] = [];
  const nodes = Array.from({ length: 41 }, (_, q) => -5 + q * 0.25);
  const start = Date.parse('2026-11-01T00:00:00.000Z');
  for (let i = 0; i < o.taskers; i++) {
    const taskerId = `t${i}`;
    const focal = rng() < 0.4;
    groups.set(taskerId, focal ? 'focal' : 'reference');
    // impact: the focal group is less able on average, which a DIF method must not mistake for DIF
    const theta = randomNormal(rng, focal ? -0.3 : 0, 1);
    const lp = nodes.map((x) => -0.5 * x * x);
    const used = new Set<number>();
    let eap = 0;
    let clock = start + i * 3_600_000;
    const answer = (j: number) => {
      const it = truth[j] as DichotomousItem;
      const id = it.id;
      let p = sigmoid(it.a * (theta - it.b));
      if (planted.misfit.has(id)) p = 0.3 + 0.4 * sigmoid(0.3 * (theta - it.b));
      if (planted.dif.has(id) && focal) p = sigmoid(it.a * (theta - it.b - PLANTED_DIF_B));
      let elapsedMs = Math.exp(randomNormal(rng, Math.log(30_000), 0.4));
      if (planted.rapid.has(id) && rng() < PLANTED_RAPID_SHARE) {
        elapsedMs = Math.exp(randomNormal(rng, Math.log(1_500), 0.3));
        p = 0.25;
      }
      const score = rng() < p ? 1 : 0;
      clock += Math.round(elapsedMs);
      const at = new Date(clock).toISOString();
      responses.push({
        responseId: `${taskerId}-${responses.length}`,
        taskerId,
        itemId: id,
        score,
        at,
        atMs: clock,
        line: responses.length + 1,
        sessionId: `pl-${i}`,
        context: 'placement',
        answer: score === 1 ? 'A' : (['B', 'C', 'D'][randomInt(rng, 3)] as string),
        elapsedMs: Math.round(elapsedMs),
      });
      return score;
    };
    const pilotAt = new Set<number>();
    while (pilotAt.size < o.testPilots) pilotAt.add(randomInt(rng, o.testAnchors + o.testPilots));
    for (let pos = 0; pos < o.testAnchors + o.testPilots; pos++) {
      if (pilotAt.has(pos)) {
        let j: number;
        do j = o.anchors + randomInt(rng, o.pilots);
        while (used.has(j));
        used.add(j);
        answer(j);
        continue;
      }
      const top: { j: number; info: number }[] = [];
      for (let j = 0; j < o.anchors; j++) {
        if (used.has(j)) continue;
        const it = bank[j] as DichotomousItem;
        const p = sigmoid(it.a * (eap - it.b));
        const info = it.a * it.a * p * (1 - p);
        if (top.length < RANDOMESQUE || info > (top[top.length - 1] as { info: number }).info) {
          top.push({ j, info });
          top.sort((x, y) => y.info - x.info);
          if (top.length > RANDOMESQUE) top.pop();
        }
      }
      const best = (top[randomInt(rng, top.length)] as { j: number }).j;
      used.add(best);
      const u = answer(best);
      const it = bank[best] as DichotomousItem;
      let peak = -Infinity;
      nodes.forEach((x, q) => {
        const p = sigmoid(it.a * (x - it.b));
        lp[q] = (lp[q] as number) + Math.log(u === 1 ? p : 1 - p);
        peak = Math.max(peak, lp[q] as number);
      });
      let s = 0;
      let m = 0;
      nodes.forEach((x, q) => {
        const w = Math.exp((lp[q] as number) - peak);
        s += w;
        m += w * x;
      });
      eap = m / s;
    }
  }
  return { bank, responses, groups, planted, clean };
}

function shuffle<T>(xs: T[], rng: Rng): void {
  for (let k = xs.length - 1; k > 0; k--) {
    const m = randomInt(rng, k + 1);
    [xs[k], xs[m]] = [xs[m] as T, xs[k] as T];
  }
}
