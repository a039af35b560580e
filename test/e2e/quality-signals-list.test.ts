// Ops read a tasker's quality signals through the local API Gateway, the real handlers and DynamoDB Local: every
// signal posted comes back once across the pages, by skill and newest first; the skill filter narrows it; a cursor
// cannot be carried to another tasker's signals; only ops may read them.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement } from '../support/complete-placement';

let stack: LocalStack;
let counter = 0;

interface Signal {
  id: string;
  skill: string;
  score: number;
  workId?: string;
  receivedAt: string;
}
interface Page {
  taskerId: string;
  signals: Signal[];
  cursor?: string;
}

const post = (taskerId: string, skill: string, score: number) =>
  stack.request('POST', `/v1/taskers/${taskerId}/quality-signals`, { as: 'quality', sub: 'audit-service', headers: { 'idempotency-key': `qs-list-${counter}` }, body: { skill, score, workId: `work-${counter++}` } });
const list = (taskerId: string, query = '', as: 'ops' | 'tasker' | 'quality' | 'author' = 'ops') => stack.request('GET', `/v1/taskers/${taskerId}/quality-signals${query}`, { as, sub: as === 'tasker' ? taskerId : `${as}-1` });

const posted: { skill: string; workId: string }[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  await completePlacement(stack, 'qs-list-1');
  await completePlacement(stack, 'qs-list-2');
  for (const [skill, score] of [['writing-quality', 0.9], ['coding', 0.4], ['writing-quality', 0.7], ['coding', 0.8], ['writing-quality', 0.6]] as const) {
    const workId = `work-${counter}`;
    expect((await post('qs-list-1', skill, score)).status).toBe(201);
    posted.push({ skill, workId });
  }
  expect((await post('qs-list-2', 'coding', 0.5)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/taskers/{id}/quality-signals', () => {
  it('returns every signal once across pages, by skill and newest first within a skill', async () => {
    const seen: Signal[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list('qs-list-1', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.json<Page>();
      expect(page.signals.length).toBeLessThanOrEqual(2);
      seen.push(...page.signals);
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((s) => s.workId).sort()).toEqual(posted.map((p) => p.workId).sort());
    // within each skill: the newest first (posting order reversed)
    for (const skill of ['writing-quality', 'coding']) {
      expect(seen.filter((s) => s.skill === skill).map((s) => s.workId)).toEqual(posted.filter((p) => p.skill === skill).map((p) => p.workId).reverse());
    }
    // skills are not interleaved
    const skills = seen.map((s) => s.skill);
    expect(skills.filter((s, i) => i === 0 || s !== skills[i - 1]).length).toBe(2);
  });

  it('narrows to one skill', async () => {
    const page = (await list('qs-list-1', '?skill=coding')).json<Page>();
    expect(page.signals.map((s) => [s.skill, s.score])).toEqual([
      ['coding', 0.8],
      ['coding', 0.4],
    ]);
    expect(page.cursor).toBeUndefined();
  });

  it("refuses a cursor of another list, and one of another tasker reads only this tasker's rows", async () => {
    const first = (await list('qs-list-1', '?limit=1')).json<Page>();
    expect(first.cursor).toBeDefined();
    // the cursor names only a sort key: used on qs-list-2 it continues within qs-list-2's partition
    const other = await list('qs-list-2', `?limit=10&cursor=${encodeURIComponent(first.cursor!)}`);
    expect(other.status).toBe(200);
    expect(other.json<Page>().signals.every((s) => !posted.some((p) => p.workId === s.workId))).toBe(true);
    const audit = Buffer.from(JSON.stringify({ sk: 'TRACK#2026' })).toString('base64url');
    const refused = await list('qs-list-1', `?cursor=${audit}`);
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/cursor/);
    // a skill filter's cursor must belong to that skill
    const coding = (await list('qs-list-1', '?skill=coding&limit=1')).json<Page>();
    expect((await list('qs-list-1', `?skill=writing-quality&cursor=${encodeURIComponent(coding.cursor!)}`)).status).toBe(422);
  });

  it('is for ops only, names bad parameters, and 404s an unknown tasker', async () => {
    for (const as of ['tasker', 'quality', 'author'] as const) expect((await list('qs-list-1', '', as)).status).toBe(403);
    expect((await list('nobody-here')).status).toBe(404);
    const bad = await list('qs-list-1', '?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/limit/);
  });
});
