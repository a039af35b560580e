// DIF in the calibration service (docs/item-health.md, "DIF in the service"): the job groups taskers by the
// education level onboarding declared at placement start, looked up from the placements their responses came from,
// and flags the one item planted to be harder for one group at equal ability; the clean items are not flagged.
// The responses are written by the real placement store (sessions and RESP rows as answers write them), so the job
// reads them through the response log exactly as it reads live placements; 260 simulated taskers is what
// Mantel–Haenszel needs (50 per group at least), far more than live placements could make in a test.
import { categoryProbabilities, createRng, hashString } from '@theta/irt';
import type { PlacementSession, ResponseRecord } from '@theta/assessment';
import { DynamoPlacementStore } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { engineItem, optionWithScore, SEED_ITEMS } from '../support/seed-bank';

interface DifRow { reference: string; focal: string; nReference: number; nFocal: number; delta: number; etsClass: string }
interface Report {
  dif?: { by: string; reference: string | null; groups: Record<string, number>; unknown: number };
  items: { itemId: string; flags: string[]; health?: { dif: DifRow[] } }[];
}

const SKILL = 'writing-quality';
const ITEMS = SEED_ITEMS.filter((i) => i.skill === SKILL && i.model === '2PL' && (i.status === 'active' || i.status === 'pilot')).map((i) => i.id);
const PLANTED = SEED_ITEMS.find((i) => i.skill === SKILL && i.model === '2PL' && i.status === 'active')!.id;
/** logits the planted item is harder for the focal group at equal θ */
const PLANTED_SHIFT = 1.5;
const DAY = '2026-06-15';
const AUTHOR = { as: 'author' as const, sub: 'author-dif' };

let stack: LocalStack;

/** a tasker's placement and answers, written as the placement store writes them */
async function logPlacement(store: DynamoPlacementStore, k: number, level: 'master' | 'bachelor' | undefined): Promise<void> {
  const rng = createRng(hashString(`dif-${k}`));
  const theta = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const taskerId = `dif-${k}`;
  const id = `pl-dif-${k}`;
  const at = (seq: number) => `${DAY}T10:${String(Math.floor(k / 60) % 60).padStart(2, '0')}:${String(seq).padStart(2, '0')}.${String(k % 1000).padStart(3, '0')}Z`;
  let session: PlacementSession = {
    id,
    taskerId,
    blueprintId: 'general-placement',
    blueprintVersion: 1,
    snapshotVersion: 'dif',
    profile: { declaredDomains: [], ...(level ? { educationLevel: level } : {}) },
    skills: [SKILL],
    status: 'in-progress',
    cat: { v: 1, config: 'c', bank: 'b', items: [], scores: [], skills: { [SKILL]: { theta: 0, se: 1, n: 0 } } } as unknown as PlacementSession['cat'],
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    idleDeadline: `${DAY}T12:00:00.000Z`,
  };
  await store.startPlacement({ session, placements: { taskerId, activePlacementId: id, activeBlueprintId: 'general-placement', activeIdleDeadline: session.idleDeadline, seenItems: [], version: 1 }, ledger: { taskerId, blueprintId: 'general-placement', attempts: 1, version: 1 } });
  for (const [n, itemId] of ITEMS.entries()) {
    const item = engineItem(itemId);
    const shifted = itemId === PLANTED && level === 'bachelor' ? { ...item, b: (item as { b: number }).b + PLANTED_SHIFT } : item;
    const score = rng() < (categoryProbabilities(shifted, theta)[1] as number) ? 1 : 0;
    const response: ResponseRecord = {
      requestKey: `${taskerId}-${n}`,
      itemId,
      answer: optionWithScore(itemId, score),
      seq: n + 1,
      placementId: id,
      score,
      at: at(n + 1),
      taskerId,
      context: 'placement',
      skill: SKILL,
      thetaBefore: 0,
      seBefore: 1,
    };
    const next = { ...session, version: session.version + 1, updatedAt: response.at };
    await store.recordResponse(next, session.version, response);
    session = next;
  }
}

async function calibrate(body: Record<string, unknown>): Promise<Report> {
  const queued = await stack.post('/v1/calibrations', { from: `${DAY}T00:00:00Z`, to: `${DAY}T23:59:59Z`, ...body }, AUTHOR);
  expect(queued.status).toBe(202);
  const id = queued.json<{ id: string }>().id;
  const sweep = (await stack.runJob('RunCalibrations')) as { completed: string[]; failed: string[] };
  expect(sweep.completed).toContain(id);
  const run = (await stack.get(`/v1/calibrations/${id}`, AUTHOR)).json<{ status: string; report: Report }>();
  expect(run.status).toBe('completed');
  return run.report;
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  const store = new DynamoPlacementStore(stack.ddb, { sessions: stack.tableNames.sessions });
  const levels = Array.from({ length: 260 }, (_, k) => (k < 20 ? undefined : k % 2 === 0 ? 'master' : 'bachelor'));
  for (let k = 0; k < levels.length; k += 10) await Promise.all(levels.slice(k, k + 10).map((level, j) => logPlacement(store, k + j, level)));
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

test('the planted item is flagged dif (ETS class C, bachelor harder) and no clean item is', async () => {
  const report = await calibrate({});
  expect(report.dif).toEqual({ by: 'educationLevel', reference: 'bachelor', groups: { bachelor: 120, master: 120 }, unknown: 20 });
  const planted = report.items.find((i) => i.itemId === PLANTED)!;
  expect(planted.flags).toContain('dif');
  const row = planted.health!.dif[0]!;
  expect(row).toMatchObject({ reference: 'bachelor', focal: 'master', nReference: 120, nFocal: 120, etsClass: 'C' });
  // MH D-DIF > 0 favours the focal group: the item is easier for masters than for bachelors of equal ability
  expect(row.delta).toBeGreaterThan(1.5);
  const clean = report.items.filter((i) => i.itemId !== PLANTED && ITEMS.includes(i.itemId));
  expect(clean.length).toBe(ITEMS.length - 1);
  for (const item of clean) {
    expect(item.flags).not.toContain('dif');
    for (const d of item.health?.dif ?? []) expect(d.etsClass).not.toBe('C');
  }
});

test('difBy none: no groups, no DIF comparisons, no dif flag', async () => {
  const report = await calibrate({ difBy: 'none' });
  expect(report.dif).toEqual({ by: 'none', reference: null, groups: {}, unknown: 260 });
  for (const item of report.items) {
    expect(item.flags).not.toContain('dif');
    expect(item.health?.dif ?? []).toEqual([]);
  }
});

test('an unknown DIF attribute → 400 naming body.difBy, nothing queued', async () => {
  const res = await stack.post('/v1/calibrations', { difBy: 'declaredDomain' }, AUTHOR);
  expect(res.status).toBe(400);
  expect(res.text).toMatch(/body\.difBy/);
  expect(((await stack.runJob('RunCalibrations')) as { checked: number }).checked).toBe(0);
});
