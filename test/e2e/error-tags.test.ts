// The error taxonomy as data: authors create and change tags (conditional on the version read), authors and ops list
// them, and an item import rejects a wrong option naming a tag the taxonomy does not have.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

const tag = (extra: Record<string, unknown> = {}) => ({ description: 'You missed an empty input.', skill: 'coding', study: 'Test with an empty list.', courseId: 'remedial-coding', ...extra });

const item = (id: string, wrongTag: string) => ({
  id,
  skill: 'coding',
  status: 'active',
  use: ['practice'],
  model: '2PL',
  a: 1,
  b: 0,
  content: { stem: 'What is len([])?', options: [{ id: 'A', text: '0' }, { id: 'B', text: 'an error', errorTag: wrongTag }], explanation: 'An empty list has length 0.' },
  key: { type: 'choice', correct: 'A' },
});

test('create, conflicting create, replace on the version read, stale replace', async () => {
  const created = await stack.put('/v1/error-tags/empty-input', tag(), { as: 'author', sub: 'author-1' });
  expect(created.status).toBe(201);
  expect(created.json()).toMatchObject({ slug: 'empty-input', version: 1, updatedBy: 'author-1', courseId: 'remedial-coding' });

  const again = await stack.put('/v1/error-tags/empty-input', tag(), { as: 'author', sub: 'author-2' });
  expect(again.status).toBe(409);
  expect(again.json<{ error: { code: string } }>().error.code).toBe('error_tag_changed');

  const replaced = await stack.put('/v1/error-tags/empty-input', tag({ study: 'Run the code on [] first.', version: 1 }), { as: 'author', sub: 'author-2' });
  expect(replaced.status).toBe(200);
  expect(replaced.json()).toMatchObject({ version: 2, study: 'Run the code on [] first.' });

  // a second author still holding version 1 cannot overwrite silently
  const stale = await stack.put('/v1/error-tags/empty-input', tag({ study: 'lost update', version: 1 }), { as: 'author', sub: 'author-1' });
  expect(stale.status).toBe(409);
  const stored = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.errorTag('empty-input') }));
  expect(stored.Item).toMatchObject({ version: 2, study: 'Run the code on [] first.' });
});

test('bad input: 400 naming the field, nothing written; only authors write, only authors and ops read', async () => {
  const bad = await stack.put('/v1/error-tags/bad-one', { skill: 'coding', study: 'x' }, { as: 'author' });
  expect(bad.status).toBe(400);
  expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['body.description']);
  expect((await stack.put('/v1/error-tags/Bad_Slug', tag(), { as: 'author' })).json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['path.slug']);
  expect((await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.errorTag('bad-one') }))).Item).toBeUndefined();

  expect((await stack.put('/v1/error-tags/x-tag', tag(), { as: 'ops' })).status).toBe(403);
  expect((await stack.put('/v1/error-tags/x-tag', tag(), { as: 'tasker' })).status).toBe(403);
  expect((await stack.get('/v1/error-tags', { as: 'tasker' })).status).toBe(403);
  for (const role of ['author', 'ops'] as const) {
    const list = await stack.get('/v1/error-tags', { as: role });
    expect(list.status).toBe(200);
    expect(list.json<{ errorTags: { slug: string }[] }>().errorTags.map((t) => t.slug)).toContain('empty-input');
  }
});

test('import rejects a wrong option naming an unknown tag (400 naming items[i].content.options[j].errorTag), nothing written', async () => {
  const res = await stack.post('/v1/items/batch', { items: [item('tax-ok-1', 'empty-input'), item('tax-bad-1', 'no-such-tag')] }, { as: 'author' });
  expect(res.status).toBe(400);
  expect(res.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
    { path: 'body.items[1].content.options[1].errorTag', message: expect.stringMatching(/tax-bad-1: unknown error tag "no-such-tag"/) },
  ]);
  expect((await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.itemMeta('tax-ok-1') }))).Item).toBeUndefined();

  const ok = await stack.post('/v1/items/batch', { items: [item('tax-ok-1', 'empty-input')] }, { as: 'author' });
  expect(ok.status).toBe(200);
  const meta = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.bank, Key: keys.itemMeta('tax-ok-1') }));
  expect(meta.Item).toMatchObject({ use: ['practice'], gsi2pk: 'PRACTICE#coding' });
});
