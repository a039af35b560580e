// The quiz and taxonomy stores against DynamoDB Local: practice items found by a Query of the practice index (never
// a placement-only item), conditional session writes, all-or-nothing answer and completion transactions.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, splitItem, validateItemBatch, type QuizResponseRecord, type QuizSession } from '@theta/assessment';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { keys } from '../src/keys';
import { DynamoCatalogStore } from '../src/repositories/catalog-repository';
import { DynamoQuizStore } from '../src/repositories/quiz-repository';
import { DynamoTaxonomyStore } from '../src/repositories/taxonomy-repository';

const tables = useFreshTables('quiz-store');
let store: DynamoQuizStore;
let catalog: DynamoCatalogStore;

const rawItem = (id: string, use?: string[]) => ({
  id,
  skill: 'coding',
  tags: ['loops'],
  status: 'active',
  ...(use ? { use } : {}),
  model: '2PL',
  a: 1.2,
  b: 0.3,
  content: { stem: `stem ${id}`, options: [{ id: 'A', text: '1' }, { id: 'B', text: '2', errorTag: 'off-by-one' }], explanation: 'because' },
  key: { type: 'choice', correct: 'A' },
});

beforeAll(async () => {
  const { clients, names } = tables;
  store = new DynamoQuizStore(clients.doc, { bank: names.bank, sessions: names.sessions, taskers: names.taskers });
  catalog = new DynamoCatalogStore(clients.doc, names.bank);
  const batch = validateItemBatch({ items: [rawItem('pl-only'), rawItem('pr-only', ['practice']), rawItem('both', ['placement', 'practice'])] });
  if (!batch.ok) throw new Error(JSON.stringify(batch.errors));
  await catalog.importItems(batch.batch.items.map((i) => splitItem(i)), []);
});

const session = (id: string, version = 1, status: QuizSession['status'] = 'in-progress'): QuizSession => ({
  id,
  taskerId: 'tq-1',
  skill: 'coding',
  length: 2,
  status,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version,
  prior: { theta: 0, se: 1, source: 'population' },
  items: [{ id: 'pr-only', version: 1, tags: ['loops'], params: { id: 'pr-only', model: '2PL', a: 1.2, b: 0.3 } }],
  scores: [],
  requests: [],
  estimate: { theta: 0, se: 1 },
  correct: 0,
});

const response = (quizId: string, seq: number): QuizResponseRecord => ({
  responseId: `${quizId}-${seq}`,
  taskerId: 'tq-1',
  itemId: 'pr-only',
  itemVersion: 1,
  score: 1,
  at: '2026-12-01T10:01:00.000Z',
  sessionId: quizId,
  context: 'quiz',
  answer: 'A',
  errorTag: null,
  elapsedMs: null,
  skill: 'coding',
  thetaBefore: 0,
  seBefore: 1,
  courseId: null,
  variant: null,
  seq,
  requestKey: `key-${seq}`,
  reply: '{}',
});

const seen = (itemId: string, at = '2026-12-01T10:00:00.000Z') => ({ taskerId: 'tq-1', skill: 'coding', itemId, at });

test('the practice index holds practice items only; placement snapshots never get practice-only items', async () => {
  expect((await store.listPracticeItems('coding')).map((i) => i.id).sort()).toEqual(['both', 'pr-only']);
  expect((await catalog.listSkillItems('coding')).map((i) => i.id).sort()).toEqual(['both', 'pl-only']);
});

test('start, answer at the version read, a stale answer loses and writes nothing', async () => {
  await store.startQuiz(session('q1'), seen('pr-only'));
  await expect(store.startQuiz(session('q1'), seen('pr-only'))).rejects.toBeInstanceOf(ConflictError);
  expect(await store.getQuiz('q1')).toEqual(session('q1'));

  await store.recordAnswer({ ...session('q1', 2), scores: [1] }, 1, response('q1', 1), seen('both'));
  // a second writer that read version 1
  await expect(store.recordAnswer({ ...session('q1', 2), scores: [0] }, 1, response('q1', 2), seen('pl-only'))).rejects.toBeInstanceOf(ConflictError);
  expect((await store.getQuiz('q1'))?.scores).toEqual([1]);
  expect(await store.getResponse('q1', 2)).toBeUndefined();
  expect([...(await store.seenSince('tq-1', 'coding', '2026-01-01T00:00:00.000Z')).keys()].sort()).toEqual(['both', 'pr-only']);
  expect((await store.seenSince('tq-1', 'coding', '2026-12-02T00:00:00.000Z')).size).toBe(0);
});

test('completion writes session, response, proficiency and history at once, or nothing', async () => {
  const { names, clients } = tables;
  await store.startQuiz(session('q2'), seen('pr-only'));
  const record = { skill: 'coding', theta: 0.8, se: 0.6, measuredAt: '2026-12-01T10:05:00.000Z', source: { kind: 'quiz' as const, id: 'q2', items: 1 } };
  // stale version: nothing of it lands
  await expect(store.completeQuiz(session('q2', 3, 'completed'), 2, response('q2', 1), record)).rejects.toBeInstanceOf(ConflictError);
  expect((await clients.doc.send(new GetCommand({ TableName: names.taskers, Key: keys.taskerProfile('tq-1') }))).Item).toBeUndefined();

  await store.completeQuiz(session('q2', 2, 'completed'), 1, response('q2', 1), record);
  expect(await store.getProficiency('tq-1', 'coding')).toEqual({ theta: 0.8, se: 0.6, measuredAt: '2026-12-01T10:05:00.000Z' });
  const history = await clients.doc.send(new QueryCommand({ TableName: names.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)', ExpressionAttributeValues: { ':pk': 'TASKER#tq-1', ':h': 'HISTORY#' } }));
  expect(history.Items).toEqual([expect.objectContaining({ records: [record] })]);
  expect((await store.getQuiz('q2'))?.status).toBe('completed');
  expect(await store.listResponses('q2')).toHaveLength(1);
});

test('taxonomy: create once, replace on the version read', async () => {
  const taxonomy = new DynamoTaxonomyStore(tables.clients.doc, tables.names.bank);
  const tag = { slug: 'off-by-one', description: 'd', skill: 'coding', study: 's', version: 1, updatedAt: 'now', updatedBy: 'a' };
  await taxonomy.putErrorTag(tag);
  await expect(taxonomy.putErrorTag(tag)).rejects.toBeInstanceOf(ConflictError);
  await taxonomy.putErrorTag({ ...tag, version: 2, study: 's2' });
  await expect(taxonomy.putErrorTag({ ...tag, version: 2 })).rejects.toBeInstanceOf(ConflictError);
  expect(await taxonomy.getErrorTag('off-by-one')).toMatchObject({ version: 2, study: 's2' });
  expect((await taxonomy.listErrorTags()).map((t) => t.slug)).toEqual(['off-by-one']);
});
