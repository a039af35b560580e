// GET /v1/courses and GET /v1/blueprints through the local API Gateway, the real handlers and DynamoDB Local: each
// course (blueprint) listed once, at its current (latest) version, newest change first; paging walks them all without
// repeats; a cursor of another list is refused naming `cursor`; authors and ops only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';

type Caller = 'author' | 'ops' | 'tasker' | 'onboarding' | 'quality';

interface CourseSummary {
  id: string;
  title: string;
  skills: string[];
  version: number;
  variants: string[];
  exitBlueprintId?: string;
  updatedAt: string;
  updatedBy: string;
}
interface BlueprintSummary {
  id: string;
  title: string;
  kind: string;
  projectId?: string;
  skills: string[];
  version: number;
  publishedAt: string;
  publishedBy: string;
}

const AUTHOR = { as: 'author' as const, sub: 'lists-author' };
const SEED_BLUEPRINT = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as { id: string; skills: { skill: string }[] } & Record<string, unknown>;
const course = (title: string, variants: string[]) => ({
  title,
  skills: ['coding', 'math'],
  modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding' }, pass: { minTheta: 0.5 } }],
  exitBlueprintId: 'general-placement',
  variants: variants.map((id) => ({ id, weight: 1 })),
});

let stack: LocalStack;

const get = (path: string, as: Caller | 'no-token' = 'author') => stack.request('GET', path, as === 'no-token' ? {} : { as, sub: `${as}-lists` });
/** distinct write times: the lists are ordered by them */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** every page of a list, `limit` at a time */
async function walk<T>(path: string, field: string, limit: number): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await get(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'ops');
    expect([res.status, res.status === 200 ? '' : res.text]).toEqual([200, '']);
    const page = res.json<Record<string, unknown>>();
    const items = page[field] as T[];
    expect(items.length).toBeLessThanOrEqual(limit);
    rows.push(...items);
    cursor = page.cursor as string | undefined;
    pages++;
  } while (cursor && pages < 50);
  return { rows, pages };
}

async function expectCursorRefused(path: string, cursor: string): Promise<void> {
  const res = await get(`${path}?cursor=${encodeURIComponent(cursor)}`);
  expect(res.status).toBe(422);
  expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_cursor', message: expect.stringMatching(/^cursor: /) as unknown });
}

const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/courses', () => {
  let first: CourseSummary;
  let second: CourseSummary;

  beforeAll(async () => {
    const a = await stack.put('/v1/courses/list-course-a', course('Course A', ['control', 'worked-examples']), AUTHOR);
    expect(a.status).toBe(201);
    await tick();
    const b = await stack.put('/v1/courses/list-course-b', course('Course B', ['control']), { as: 'author', sub: 'lists-author-2' });
    expect(b.status).toBe(201);
    first = a.json<CourseSummary>();
    second = b.json<CourseSummary>();
  });

  it('lists each course newest change first, in brief: title, skills, version, variant ids, who changed it and when', async () => {
    const res = await get('/v1/courses');
    expect(res.status).toBe(200);
    const { courses } = res.json<{ courses: CourseSummary[] }>();
    const ours = courses.filter((c) => c.id.startsWith('list-course-'));
    expect(ours).toEqual([
      { id: 'list-course-b', title: 'Course B', skills: ['coding', 'math'], version: 1, variants: ['control'], exitBlueprintId: 'general-placement', updatedAt: second.updatedAt, updatedBy: 'lists-author-2' },
      { id: 'list-course-a', title: 'Course A', skills: ['coding', 'math'], version: 1, variants: ['control', 'worked-examples'], exitBlueprintId: 'general-placement', updatedAt: first.updatedAt, updatedBy: 'lists-author' },
    ]);
    // the modules are GET /v1/courses/{id}'s
    expect(res.text).not.toContain('Loops');
  });

  it('a new version moves the course to the front, listed once at that version', async () => {
    await tick();
    const changed = await stack.put('/v1/courses/list-course-a', course('Course A, revised', ['control', 'worked-examples']), AUTHOR);
    expect(changed.status).toBe(201);
    const { courses } = (await get('/v1/courses')).json<{ courses: CourseSummary[] }>();
    expect(courses[0]).toMatchObject({ id: 'list-course-a', title: 'Course A, revised', version: 2, updatedAt: changed.json<CourseSummary>().updatedAt });
    expect(courses.filter((c) => c.id === 'list-course-a')).toHaveLength(1);
    expect(courses.map((c) => c.id).indexOf('list-course-b')).toBe(1);
    // the course itself reads as before: no index attributes leak into it
    expect(Object.keys((await get('/v1/courses/list-course-a')).json<object>()).sort()).toEqual(['exitBlueprintId', 'id', 'modules', 'skills', 'title', 'updatedAt', 'updatedBy', 'variants', 'version']);
  });

  it('pages of one walk every course once, in the order of one page', async () => {
    await stack.put('/v1/courses/list-course-c', course('Course C', ['control']), AUTHOR);
    const whole = (await get('/v1/courses?limit=100')).json<{ courses: CourseSummary[]; cursor?: string }>();
    expect(whole.cursor).toBeUndefined();
    const { rows, pages } = await walk<CourseSummary>('/v1/courses', 'courses', 1);
    expect(rows.map((c) => c.id)).toEqual(whole.courses.map((c) => c.id));
    expect(new Set(rows.map((c) => c.id)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(pages).toBeGreaterThanOrEqual(rows.length);
    const times = rows.map((c) => c.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('refuses a cursor it did not write, naming it: garbage, another list’s, a key of another row', async () => {
    const calibration = await stack.post('/v1/calibrations', {}, AUTHOR);
    expect(calibration.status).toBe(202);
    await stack.post('/v1/calibrations', {}, AUTHOR);
    const calibrationCursor = (await get('/v1/calibrations?limit=1')).json<{ cursor?: string }>().cursor;
    const blueprintCursor = (await get('/v1/blueprints?limit=1')).json<{ cursor?: string }>().cursor;
    expect(calibrationCursor).toBeDefined();
    expect(blueprintCursor).toBeDefined();
    for (const cursor of [
      'not-a-cursor',
      calibrationCursor!,
      blueprintCursor!,
      forged({ pk: 'COURSE#list-course-a', sk: 'V#000001', gsi2pk: 'COURSES', gsi2sk: 'x' }),
      forged({ pk: 'COURSE#list-course-a', sk: 'CUR', gsi2pk: 'PRACTICE#coding', gsi2sk: 'x' }),
    ])
      await expectCursorRefused('/v1/courses', cursor);
    const bad = await get('/v1/courses?limit=101');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/limit/);
  });

  it('is for authors and ops only', async () => {
    expect((await get('/v1/courses', 'ops')).status).toBe(200);
    for (const as of ['tasker', 'onboarding', 'quality'] as const) expect((await get('/v1/courses', as)).status).toBe(403);
    expect((await get('/v1/courses', 'no-token')).status).toBe(401);
  });
});

describe('GET /v1/blueprints', () => {
  const publish = async (body: Record<string, unknown>, sub = AUTHOR.sub) => {
    const res = await stack.post('/v1/blueprints', body, { as: 'author', sub });
    expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
    return res;
  };

  it('the seeded blueprint is listed, published by the seed', async () => {
    const { blueprints } = (await get('/v1/blueprints?limit=100')).json<{ blueprints: BlueprintSummary[] }>();
    expect(blueprints.find((b) => b.id === SEED_BLUEPRINT.id)).toMatchObject({ kind: 'placement', version: 1, publishedBy: 'seed', skills: SEED_BLUEPRINT.skills.map((s) => s.skill) });
  });

  it('two versions of one blueprint: listed once, at the latest, newest publication first', async () => {
    await publish({ ...SEED_BLUEPRINT, id: 'list-blueprint-a', title: 'List A' });
    await tick();
    await publish({ ...SEED_BLUEPRINT, id: 'list-blueprint-b', title: 'List B', projectId: 'apollo' }, 'lists-author-2');
    await tick();
    await publish({ ...SEED_BLUEPRINT, id: 'list-blueprint-a', title: 'List A, second version' });
    const { blueprints } = (await get('/v1/blueprints')).json<{ blueprints: BlueprintSummary[] }>();
    const ours = blueprints.filter((b) => b.id.startsWith('list-blueprint-'));
    const skills = SEED_BLUEPRINT.skills.map((s) => s.skill);
    expect(ours).toEqual([
      { id: 'list-blueprint-a', title: 'List A, second version', kind: 'placement', skills, version: 2, publishedAt: expect.any(String) as unknown, publishedBy: AUTHOR.sub },
      { id: 'list-blueprint-b', title: 'List B', kind: 'project', projectId: 'apollo', skills, version: 1, publishedAt: expect.any(String) as unknown, publishedBy: 'lists-author-2' },
    ]);
    expect(ours[0]!.publishedAt > ours[1]!.publishedAt).toBe(true);
    expect(blueprints[0]!.id).toBe('list-blueprint-a');
    // definitions in brief: no CAT settings, cuts or item data
    for (const field of ['"cat"', '"cuts"', '"params"', '"key"']) expect((await get('/v1/blueprints')).text).not.toContain(field);
  });

  it('pages of one walk every blueprint once, in the order of one page', async () => {
    const whole = (await get('/v1/blueprints?limit=100')).json<{ blueprints: BlueprintSummary[] }>();
    const { rows } = await walk<BlueprintSummary>('/v1/blueprints', 'blueprints', 1);
    expect(rows.map((b) => b.id)).toEqual(whole.blueprints.map((b) => b.id));
    expect(new Set(rows.map((b) => b.id)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a cursor it did not write, naming it', async () => {
    const courseCursor = (await get('/v1/courses?limit=1')).json<{ cursor?: string }>().cursor;
    const calibrationCursor = (await get('/v1/calibrations?limit=1')).json<{ cursor?: string }>().cursor;
    for (const cursor of [
      'not-a-cursor',
      courseCursor!,
      calibrationCursor!,
      forged({ pk: 'BLUEPRINT#list-blueprint-a', sk: 'V#000001', gsi2pk: 'BLUEPRINTS', gsi2sk: 'x' }),
      forged({ pk: 'BLUEPRINT#list-blueprint-a', sk: 'LATEST', gsi2pk: 'COURSES', gsi2sk: 'x' }),
    ])
      await expectCursorRefused('/v1/blueprints', cursor);
    // a calibration's list refuses the new lists' cursors as well
    await stack.post('/v1/calibrations', {}, AUTHOR);
    const blueprintCursor = (await get('/v1/blueprints?limit=1')).json<{ cursor: string }>().cursor;
    const refused = await get(`/v1/calibrations?cursor=${encodeURIComponent(blueprintCursor)}`);
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/cursor/);
  });

  it('is for authors and ops only', async () => {
    expect((await get('/v1/blueprints', 'ops')).status).toBe(200);
    for (const as of ['tasker', 'onboarding', 'quality'] as const) expect((await get('/v1/blueprints', as)).status).toBe(403);
    expect((await get('/v1/blueprints', 'no-token')).status).toBe(401);
  });
});
