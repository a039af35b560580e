// GET /v1/blueprints/{id}/information (docs/insights.md, "Pictures") through the local API Gateway on the seeded
// bank: each skill's pool information, best-test information and conditional SE, checked against the closed form
// of 2PL information, I(θ) = a²·P(1 − P) with P = 1/(1 + e^(−a(θ − b))), computed here from the seed file.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { SEED_ITEMS } from '../support/seed-bank';

interface Curves {
  blueprint: { id: string; version: number };
  theta: number[];
  skills: { skill: string; items: number; maxItems: number; cuts: Record<string, number>; poolInformation: number[]; bestTestInformation: number[]; conditionalSe: (number | null)[] }[];
}

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

/** the seed's active demo items of a skill (the blueprint measures skills with its `demo`-tagged items) */
const pool = (skill: string) => SEED_ITEMS.filter((i) => i.skill === skill && i.status === 'active' && ((i as { tags?: string[] }).tags ?? []).includes('demo'));
const info2pl = (a: number, b: number, theta: number) => {
  const p = 1 / (1 + Math.exp(-a * (theta - b)));
  return a * a * p * (1 - p);
};

test('writing quality (1PL and 2PL items): pool and best-8 information and the SE match the closed form', async () => {
  const res = await stack.get('/v1/blueprints/general-placement/information', { as: 'author' });
  expect(res.status).toBe(200);
  const curves = res.json<Curves>();
  expect(curves.theta).toHaveLength(33);
  expect(curves.theta[0]).toBe(-4);
  expect(curves.theta[32]).toBe(4);
  const wq = curves.skills.find((s) => s.skill === 'writing-quality')!;
  const items = pool('writing-quality');
  expect(items.every((i) => i.model === '1PL' || i.model === '2PL')).toBe(true);
  expect(wq).toMatchObject({ items: items.length, maxItems: 8, cuts: { generalist: 0 } });
  curves.theta.forEach((theta, g) => {
    const infos = items.map((i) => info2pl(i.a, i.b as number, theta)).sort((x, y) => y - x);
    const best = infos.slice(0, 8).reduce((s, x) => s + x, 0);
    expect(wq.poolInformation[g]).toBeCloseTo(infos.reduce((s, x) => s + x, 0), 3);
    expect(wq.bestTestInformation[g]).toBeCloseTo(best, 3);
    expect(wq.conditionalSe[g]).toBeCloseTo(1 / Math.sqrt(best), 3);
  });
  // the best test is more precise where the pool is dense: SE is smallest inside the grid, not at its ends
  const se = wq.conditionalSe as number[];
  expect(Math.min(...se)).toBeLessThan(se[0]!);
  expect(Math.min(...se)).toBeLessThan(se[32]!);
  // every skill of the blueprint has a curve
  expect(curves.skills.map((s) => s.skill)).toEqual(['instruction-following', 'factual-verification', 'rubric-grading', 'writing-quality', 'safety-policy', 'coding', 'math']);
});

test('roles, unknown blueprints and bad versions', async () => {
  expect((await stack.get('/v1/blueprints/general-placement/information', { as: 'ops' })).status).toBe(200);
  for (const role of ['tasker', 'onboarding', 'quality'] as const) expect((await stack.get('/v1/blueprints/general-placement/information', { as: role })).status).toBe(403);
  expect((await stack.get('/v1/blueprints/no-such-blueprint/information', { as: 'author' })).status).toBe(404);
  expect((await stack.get('/v1/blueprints/general-placement/information?version=99', { as: 'author' })).status).toBe(404);
  const bad = await stack.get('/v1/blueprints/general-placement/information?version=zero', { as: 'author' });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('query.version');
});
