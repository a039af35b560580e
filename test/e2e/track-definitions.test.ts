// Tracks as data over the local stack: authors define and version tracks (ids with a colon, sent as %3A), authors
// and ops read them, and publishing a blueprint or moving a tasker to an undefined track is refused with 422.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
});
afterAll(async () => {
  await stack?.stop();
});

interface Track { id: string; kind: string; title: string; version: number; updatedBy: string; skills: string[] }
interface ErrorBody { error: { code: string; details?: { path: string }[] | { problems: { path: string }[] } } }
const AUTHOR = { as: 'author' as const, sub: 'author-1' };
const PY = 'expert:coding-py';
const PY_URL = `/v1/tracks/${encodeURIComponent(PY)}`;
const def = (extra: Record<string, unknown> = {}) => ({ kind: 'expert', title: 'Expert: Python', skills: ['coding-py'], entry: [{ skill: 'coding-py', minTheta: 0.8 }], ...extra });
const seedBlueprint = JSON.parse(readFileSync(join(__dirname, '../../packages/local/seed/blueprints/general-placement.json'), 'utf8')) as { skills: Record<string, unknown>[] };
/** the seed blueprint under another id, its coding skill opening expert:coding-py */
const pyBlueprint = () => ({ ...seedBlueprint, id: 'python-placement', skills: seedBlueprint.skills.map((s) => (s.skill === 'coding' ? { ...s, domain: 'coding-py' } : s)) });

test('the seed defines the demo tracks, listed by id (authors and ops)', async () => {
  const res = await stack.get('/v1/tracks', { as: 'ops' });
  expect(res.status).toBe(200);
  const ids = res.json<{ tracks: Track[] }>().tracks.map((t) => t.id);
  expect(ids).toEqual(expect.arrayContaining(['generalist', 'expert:coding', 'expert:math', 'remedial:instruction-following']));
  expect(ids).toEqual([...ids].sort());
});

test('publishing a blueprint that routes to an undefined track: 422 naming the path, nothing published; defined, it publishes', async () => {
  const refused = await stack.post('/v1/blueprints', pyBlueprint(), AUTHOR);
  expect(refused.status).toBe(422);
  const err = refused.json<ErrorBody>().error;
  expect(err.code).toBe('unknown_track');
  expect((err.details as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(['body.skills[5].domain']);
  expect((await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.blueprintLatest('python-placement') }))).Item).toBeUndefined();

  const put = await stack.put(PY_URL, def(), AUTHOR);
  expect(put.status).toBe(201);
  const published = await stack.post('/v1/blueprints', pyBlueprint(), AUTHOR);
  expect(published.status).toBe(201);
  expect(published.json<{ notes: string[] }>().notes.join(' ')).not.toMatch(/not checked/);
});

test('versions: a re-put is a no-op, a change is the next version, old versions stay readable', async () => {
  const id = 'remedial:coding-py';
  const url = `/v1/tracks/${encodeURIComponent(id)}`;
  const body = { kind: 'remedial', title: 'Remedial Python', skills: ['coding'], exit: [{ skill: 'coding', minTheta: 0 }], courseId: 'remedial-coding' };
  // a remedial track about coding-py must list coding-py among its skills
  expect((await stack.put(url, body, AUTHOR)).json<ErrorBody>().error.details).toEqual([expect.objectContaining({ path: 'body.skills' })]);
  const fixed = { ...body, skills: ['coding-py'], exit: [{ skill: 'coding-py', minTheta: 0 }] };
  const v1 = await stack.put(url, fixed, AUTHOR);
  expect(v1.status).toBe(201);
  expect(v1.json<Track>()).toMatchObject({ id, kind: 'remedial', version: 1, updatedBy: 'author-1' });
  const again = await stack.put(url, fixed, { as: 'author', sub: 'author-2' });
  expect(again.status).toBe(200);
  expect(again.json<Track>()).toMatchObject({ version: 1, updatedBy: 'author-1' });
  const v2 = await stack.put(url, { ...fixed, title: 'Remedial Python (v2)' }, AUTHOR);
  expect(v2.status).toBe(201);
  expect(v2.json<Track>().version).toBe(2);

  // the colon sent as is works too (API Gateway and the local server decode path parameters)
  expect((await stack.get(`/v1/tracks/${id}`, { as: 'ops' })).json<Track>()).toMatchObject({ version: 2, title: 'Remedial Python (v2)' });
  expect((await stack.get(`${url}?version=1`, { as: 'author' })).json<Track>()).toMatchObject({ version: 1, title: 'Remedial Python' });
  expect((await stack.get(`${url}?version=3`, { as: 'author' })).status).toBe(404);
  expect((await stack.get('/v1/tracks/expert%3Anowhere', { as: 'author' })).status).toBe(404);
});

test('concurrent puts of different content: both land as successive versions', async () => {
  const url = `/v1/tracks/${encodeURIComponent('expert:rust')}`;
  const body = (title: string) => ({ kind: 'expert', title, skills: ['rust'] });
  const results = await Promise.all(['A', 'B', 'C'].map((t) => stack.put(url, body(t), AUTHOR)));
  expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
  expect(results.map((r) => r.json<Track>().version).sort()).toEqual([1, 2, 3]);
  const current = (await stack.get(url, { as: 'author' })).json<Track>();
  expect(current.version).toBe(3);
});

test('bad input: 400 naming the field, nothing written', async () => {
  const bad = await stack.put('/v1/tracks/expert%3Ago', def({ kind: 'remedial', skills: ['go'], entry: [] }), AUTHOR);
  expect(bad.status).toBe(400);
  expect((bad.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.kind']);
  const notQualified = await stack.put('/v1/tracks/not-qualified', def(), AUTHOR);
  expect((notQualified.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toEqual(['path.id']);
  const noBound = await stack.put('/v1/tracks/expert%3Ago', def({ skills: ['go'], entry: [{ skill: 'go' }] }), AUTHOR);
  expect((noBound.json<ErrorBody>().error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.entry.0.minTheta']);
  expect((await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.trackDefCurrent('expert:go') }))).Item).toBeUndefined();
});

test('roles: only authors write; authors and ops read; taskers get 403', async () => {
  expect((await stack.put(PY_URL, def(), { as: 'tasker' })).status).toBe(403);
  expect((await stack.put(PY_URL, def(), { as: 'ops' })).status).toBe(403);
  expect((await stack.get('/v1/tracks', { as: 'tasker' })).status).toBe(403);
  expect((await stack.get(PY_URL, { as: 'tasker' })).status).toBe(403);
  expect((await stack.get(PY_URL, { as: 'author' })).status).toBe(200);
});

test('ops moving a tasker to an undefined track: 422 naming body.track', async () => {
  const res = await stack.request('POST', '/v1/taskers/someone/track', { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': randomUUID() }, body: { track: 'expert:cobol', reason: 'x' } });
  expect(res.status).toBe(422);
  const err = res.json<ErrorBody>().error;
  expect(err.code).toBe('unknown_track');
  expect((err.details as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(['body.track']);
  // a defined track gets past the check (to the missing tasker)
  const defined = await stack.request('POST', '/v1/taskers/someone/track', { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': randomUUID() }, body: { track: 'expert:coding', reason: 'x' } });
  expect(defined.status).toBe(404);
});
