// Ops' list of taskers (GET /v1/taskers, docs/tracks.md "Listing taskers") through the local API Gateway, the real
// handlers and DynamoDB Local: taskers placed by real placements, one moved by ops, listed by track, skill band and
// last assessment, page by page; only ops may list; bad filters are 400s naming the field.
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement } from '../support/complete-placement';
import { optionWithScore } from '../support/seed-bank';

let stack: LocalStack;
let counter = 0;
const key = () => `list-key-${Date.now()}-${counter++}`;

interface Listed {
  taskerId: string;
  track: { track: string; assignedAt: string };
  lastAssessedAt?: string;
  skills: { skill: string; theta: number; se: number }[];
}
interface ListPage {
  track: string;
  taskers: Listed[];
  cursor?: string;
  examined: number;
}
interface ErrorBody {
  error: { code: string; details?: { path: string; message: string }[] };
}


const list = async (query: string) => stack.request('GET', `/v1/taskers?${query}`, { as: 'ops', sub: 'ops-1' });
async function listAll(query: string, limit: number): Promise<{ taskers: Listed[]; pages: number }> {
  const taskers: Listed[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = res.json<ListPage>();
    expect(page.taskers.length).toBeLessThanOrEqual(limit);
    taskers.push(...page.taskers);
    cursor = page.cursor;
    pages++;
  } while (cursor && pages < 50);
  return { taskers, pages };
}

const strong = ['list-strong-1', 'list-strong-2', 'list-strong-3'];
const weak = ['list-weak-1', 'list-weak-2'];
let strongTrack: string;
let weakTrack: string;
let beforeLast: string;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  for (const id of strong.slice(0, 2)) await completePlacement(stack, id);
  beforeLast = new Date().toISOString();
  await completePlacement(stack, strong[2]!);
  for (const id of weak) await completePlacement(stack, id, { answer: (id) => optionWithScore(id, 0) });
  const trackOf = async (id: string) => (await stack.request('GET', `/v1/taskers/${id}`, { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string } }>().track.track;
  strongTrack = await trackOf(strong[0]!);
  weakTrack = await trackOf(weak[0]!);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/taskers', () => {
  it('lists a track’s taskers, newest assignment first, with their current proficiency', async () => {
    expect(strongTrack).not.toBe(weakTrack);
    const res = await list(`track=${encodeURIComponent(strongTrack)}`);
    expect(res.status).toBe(200);
    const page = res.json<ListPage>();
    expect(page.track).toBe(strongTrack);
    expect(page.taskers.map((t) => t.taskerId)).toEqual([...strong].reverse());
    for (const t of page.taskers) {
      expect(t.track.track).toBe(strongTrack);
      expect(t.lastAssessedAt).toBe(t.track.assignedAt);
      expect(t.skills.length).toBeGreaterThan(0);
      expect(t.skills.every((s) => Number.isFinite(s.theta) && s.se > 0)).toBe(true);
    }
    expect(page.cursor).toBeUndefined();
    const weakPage = (await list(`track=${encodeURIComponent(weakTrack)}`)).json<ListPage>();
    expect(weakPage.taskers.map((t) => t.taskerId).sort()).toEqual([...weak].sort());
  });

  it('pages with a cursor: every tasker once, in order, whatever the page size', async () => {
    const { taskers, pages } = await listAll(`track=${encodeURIComponent(strongTrack)}`, 1);
    expect(taskers.map((t) => t.taskerId)).toEqual([...strong].reverse());
    expect(pages).toBe(3);
  });

  it('filters by a skill band on the current θ', async () => {
    const all = (await list(`track=${encodeURIComponent(strongTrack)}`)).json<ListPage>().taskers;
    const skill = all[0]!.skills[0]!.skill;
    const thetas = all.map((t) => t.skills.find((s) => s.skill === skill)!.theta).sort((a, b) => a - b);
    const cutAt = thetas[1]!; // the band [cutAt, 10] holds exactly the taskers at or above the middle θ
    const expected = all.filter((t) => t.skills.find((s) => s.skill === skill)!.theta >= cutAt).map((t) => t.taskerId);
    const { taskers } = await listAll(`track=${encodeURIComponent(strongTrack)}&skill=${skill}&minTheta=${cutAt}&maxTheta=10`, 1);
    expect(taskers.map((t) => t.taskerId)).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    // a band nobody is in: an empty page, not an error
    const none = (await list(`track=${encodeURIComponent(strongTrack)}&skill=${skill}&maxTheta=-9`)).json<ListPage>();
    expect(none.taskers).toEqual([]);
    expect(none.examined).toBe(3);
    // a skill nobody was measured on
    expect((await list(`track=${encodeURIComponent(strongTrack)}&skill=never-measured`)).json<ListPage>().taskers).toEqual([]);
  });

  it('filters by the last assessment', async () => {
    const after = (await list(`track=${encodeURIComponent(strongTrack)}&assessedAfter=${encodeURIComponent(beforeLast)}`)).json<ListPage>();
    expect(after.taskers.map((t) => t.taskerId)).toEqual([strong[2]]);
    const before = (await list(`track=${encodeURIComponent(strongTrack)}&assessedBefore=${encodeURIComponent(beforeLast)}`)).json<ListPage>();
    expect(before.taskers.map((t) => t.taskerId)).toEqual([strong[1], strong[0]]);
  });

  it('follows an ops move: the tasker leaves the old track’s list and heads the new one', async () => {
    const to = 'remedial:rubric-grading';
    const moved = await stack.request('POST', `/v1/taskers/${strong[0]}/track`, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': key() }, body: { track: to, reason: 'audit scores below target' } });
    expect(moved.status).toBe(200);
    expect((await list(`track=${encodeURIComponent(strongTrack)}`)).json<ListPage>().taskers.map((t) => t.taskerId)).toEqual([strong[2], strong[1]]);
    const remedial = (await list(`track=${encodeURIComponent(to)}`)).json<ListPage>();
    expect(remedial.taskers.map((t) => t.taskerId)).toEqual([strong[0]]);
    // a move is not an assessment: the last assessment stays the placement's
    expect(remedial.taskers[0]!.lastAssessedAt).not.toBe(remedial.taskers[0]!.track.assignedAt);
  });

  it('is for ops only', async () => {
    for (const as of ['tasker', 'author', 'onboarding'] as const) {
      const res = await stack.request('GET', `/v1/taskers?track=generalist`, { as, sub: `${as}-1` });
      expect(res.status).toBe(403);
    }
  });

  it.each([
    ['', 'track'],
    ['track=wizard', 'track'],
    ['track=generalist&minTheta=0', 'minTheta'],
    ['track=generalist&skill=coding&minTheta=1&maxTheta=0', 'minTheta'],
    ['track=generalist&skill=coding&maxTheta=high', 'maxTheta'],
    ['track=generalist&assessedAfter=yesterday', 'assessedAfter'],
    ['track=generalist&assessedAfter=2026-02-01T00:00:00Z&assessedBefore=2026-01-01T00:00:00Z', 'assessedAfter'],
    ['track=generalist&limit=0', 'limit'],
    ['track=generalist&sort=name', 'sort'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().error.details?.map((d) => d.path).join(' ')).toContain(field);
  });

  it('refuses a cursor of another track, or no cursor at all, with a 422 naming cursor', async () => {
    const first = (await list(`track=${encodeURIComponent(strongTrack)}&limit=1`)).json<ListPage>();
    expect(first.cursor).toBeDefined();
    for (const cursor of [first.cursor!, 'bm90LWEtY3Vyc29y']) {
      const res = await list(`track=${encodeURIComponent(weakTrack)}&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(422);
      expect(res.text).toContain('cursor');
    }
  });
});
