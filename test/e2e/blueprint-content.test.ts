// Project blueprints over project items, end to end: an author imports a project's own items (tagged with the
// project's slug), publishes blueprints that constrain or filter by that tag, and placements on them honour it —
// through the local API Gateway, the real handlers and DynamoDB Local.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption, leakedSecrets, optionWithScore } from '../support/seed-bank';

type Json = Record<string, unknown>;
let stack: LocalStack;
const seedBlueprint = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Json & {
  skills: Json[];
};
const seedItems = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/items.json'), 'utf8')) as { items: (Json & { id: string })[] }).items;

const PROJECT_TAG = 'acme-rubric';
/**
 * The project's items: copies of six active rubric-grading items, tagged with the project. Their discrimination
 * is low on purpose, so the CAT (most informative item first) would hardly ever choose them unprompted: a count
 * of 3 or more can only come from the constraint.
 */
const projectItems = seedItems
  .filter((i) => i.skill === 'rubric-grading' && i.status === 'active')
  .slice(0, 6)
  .map((i) => ({ ...structuredClone(i), id: `acme-${i.id}`, tags: [PROJECT_TAG], a: 0.4 }));
const originalOf = (id: string) => id.replace(/^acme-/, '');
const tagsOf = new Map<string, string[]>([...seedItems, ...projectItems].map((i) => [i.id, (i.tags as string[] | undefined) ?? []]));

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, checkResponse: (res) => expect(leakedSecrets(res.text)).toEqual([]) });
  const imported = await stack.post('/v1/items/batch', { items: projectItems }, { as: 'author' });
  if (imported.status !== 200) throw new Error(imported.text);
});
afterAll(async () => {
  await stack?.stop();
});

async function publish(blueprint: Json) {
  return stack.post('/v1/blueprints', blueprint, { as: 'author', sub: 'acme-author' });
}

/** Runs a placement on `blueprintId` to the end (alternately right and wrong); returns the items administered, per ops. */
async function place(taskerId: string, blueprintId: string): Promise<string[]> {
  const started = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId }, { as: 'onboarding' });
  expect(started.status).toBe(201);
  const { placementId } = started.json<{ placementId: string }>();
  let item = started.json<{ item: { id: string } }>().item;
  for (let k = 0; k < 100; k++) {
    const id = originalOf(item.id);
    const answer = k % 2 === 0 ? bestOption(id) : optionWithScore(id, 0);
    const res = await stack.post(`/v1/placements/${placementId}/responses`, { itemId: item.id, answer }, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': `${taskerId}-${k}` } });
    expect(res.status).toBe(200);
    const step = res.json<{ status: string; item: { id: string } }>();
    if (step.status === 'completed') {
      const view = await stack.get(`/v1/placements/${placementId}`, { as: 'ops', sub: 'ops-1' });
      return view.json<{ result: { itemsAdministered: string[] } }>().result.itemsAdministered;
    }
    item = step.item;
  }
  throw new Error('placement did not stop');
}

const tagged = (items: string[], tag: string) => items.filter((id) => tagsOf.get(id)?.includes(tag));

describe('a content constraint by tag', () => {
  // the demo blueprint draws on the demo items only (`itemTags: ["demo"]`): a project blueprint that mixes in its
  // own items says so for the skill that carries them
  const skills = seedBlueprint.skills.map((s) => (s.skill === 'rubric-grading' ? { ...s, itemTags: ['demo', PROJECT_TAG] } : s));
  const blueprint = { ...seedBlueprint, skills, id: 'acme-rubric-mix', projectId: 'acme', title: 'ACME rubric project', content: [{ tag: PROJECT_TAG, minItems: 3 }] };

  it('publishes, and every placement on it gives at least 3 items tagged with the project', async () => {
    expect((await publish(blueprint)).status).toBe(201);
    for (const taskerId of ['acme-mix-1', 'acme-mix-2']) {
      const items = await place(taskerId, 'acme-rubric-mix');
      expect(tagged(items, PROJECT_TAG).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('a tag no item of its skills carries → 400 naming the field, nothing published', async () => {
    const res = await publish({ ...blueprint, id: 'acme-typo', content: [{ tag: 'acme-rubrc', minItems: 3 }] });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
      { path: 'body.content[0].tag', message: expect.stringContaining('"acme-rubrc"') },
    ]);
    expect((await stack.post('/v1/placements', { taskerId: 'acme-typo-1', profile: { declaredDomains: [], educationLevel: 'master' }, blueprintId: 'acme-typo' }, { as: 'onboarding' })).status).toBe(404);
  });

  it('a minimum the bank cannot meet → 400 naming content[i].minItems', async () => {
    const res = await publish({ ...blueprint, id: 'acme-greedy', content: [{ tag: PROJECT_TAG, minItems: 7 }] });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['body.content[0].minItems']);
  });
});

describe('a skill filtered to the project’s items', () => {
  it('measures rubric grading with the project’s items only; the other skills use the whole bank', async () => {
    const skills = seedBlueprint.skills.map((s) => (s.skill === 'rubric-grading' ? { ...s, itemTags: [PROJECT_TAG] } : s));
    const res = await publish({ ...seedBlueprint, id: 'acme-rubric-only', projectId: 'acme', title: 'ACME rubric only', skills });
    expect(res.status).toBe(201);
    const items = await place('acme-only-1', 'acme-rubric-only');
    const rubric = items.filter((id) => originalOf(id).startsWith('demo-rg-'));
    expect(rubric.length).toBeGreaterThanOrEqual(4); // the skill's minItems
    expect(rubric.every((id) => tagsOf.get(id)?.includes(PROJECT_TAG))).toBe(true);
    expect(items.some((id) => id.startsWith('demo-fv-'))).toBe(true);
  });
});

describe('skills per blueprint', () => {
  it('more than 20 skills → 400 at body.skills (a placement on it could never be completed in one transaction)', async () => {
    const skills = Array.from({ length: 21 }, (_, i) => ({ skill: `skill-${i}`, kind: 'general', minItems: 1, maxItems: 2 }));
    const res = await publish({ ...seedBlueprint, id: 'too-many-skills', skills, cuts: Object.fromEntries(skills.map((s) => [s.skill, { generalist: 0 }])) });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
      { path: 'body.skills', message: expect.stringContaining('at most 20 entries') },
    ]);
  });
});
