// The response log export end to end: a real placement and a real quiz through the local API Gateway and handlers
// write their RESP rows (with the gsi2 day index) to DynamoDB Local; `exportResponses` pages them out through
// DynamoResponseLogStore (Query on gsi2) as theta-response-log/v1, which `parseResponseLog` reads back. An export
// interrupted after two pages — and one that crashed after writing a page but before saving its cursor — resumed
// gives the same bytes as one uninterrupted run.
import { mkdtempSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResponseLog, type ResponseLogRecord } from '@theta/irt';
import { DynamoResponseLogStore } from '@theta/store';
import { exportResponses } from '../../packages/local/src/export/response-export';
import { startLocalStack, type LocalStack } from '../support/local-stack';

interface ItemView {
  id: string;
  options: { id: string }[];
}
type PlacementStep = { status: 'in-progress'; item: ItemView } | { status: 'completed' };
type QuizStep = { status: 'in-progress'; item: ItemView } | { status: 'completed' };

let stack: LocalStack;
let dir: string;
let store: DynamoResponseLogStore;
const from = new Date(Date.now() - 3_600_000).toISOString();
const to = new Date(Date.now() + 3_600_000).toISOString();
const placementAnswers: string[] = [];
const quizAnswers: string[] = [];
let placementId = '';
let quizId = '';
let key = 0;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  dir = mkdtempSync(join(tmpdir(), 'theta-export-'));
  store = new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions });

  const started = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: 'export-t1', profile: { declaredDomains: [], educationLevel: 'master' } } });
  expect(started.status).toBe(201);
  const first = started.json<{ placementId: string; item: ItemView }>();
  placementId = first.placementId;
  let item: ItemView | undefined = first.item;
  while (item) {
    const res = await stack.request('POST', `/v1/placements/${placementId}/responses`, {
      as: 'tasker',
      sub: 'export-t1',
      headers: { 'idempotency-key': `export-p-${key++}` },
      body: { itemId: item.id, answer: item.options[placementAnswers.length % item.options.length]!.id, elapsedMs: 4000 + placementAnswers.length },
    });
    expect(res.status).toBe(200);
    placementAnswers.push(item.id);
    const step = res.json<PlacementStep>();
    item = step.status === 'in-progress' ? step.item : undefined;
  }

  const quiz = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: 'export-q1', body: { skill: 'coding', length: 3 } });
  expect(quiz.status).toBe(201);
  const q = quiz.json<{ quizId: string; item: ItemView }>();
  quizId = q.quizId;
  item = q.item;
  while (item) {
    const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, {
      as: 'tasker',
      sub: 'export-q1',
      headers: { 'idempotency-key': `export-q-${key++}` },
      body: { itemId: item.id, answer: item.options[0]!.id, elapsedMs: 1500 },
    });
    expect(res.status).toBe(200);
    quizAnswers.push(item.id);
    const step = res.json<QuizStep>();
    item = step.status === 'in-progress' ? step.item : undefined;
  }
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run export:responses (exportResponses over DynamoResponseLogStore)', () => {
  let records: ResponseLogRecord[];
  let whole: string;

  test('every placement and quiz answer is exported once, in theta-response-log/v1 that parseResponseLog reads', async () => {
    const out = join(dir, 'whole.jsonl');
    const result = await exportResponses({ reader: store, out, from, to, pageSize: 4 });
    expect(result).toMatchObject({ complete: true, written: placementAnswers.length + quizAnswers.length });
    whole = readFileSync(out, 'utf8');
    records = parseResponseLog(whole, { file: out }).records;
    expect(records).toHaveLength(placementAnswers.length + quizAnswers.length);
    expect(new Set(records.map((r) => r.responseId)).size).toBe(records.length);
    const ats = records.map((r) => r.at);
    expect(ats).toEqual([...ats].sort());
  });

  test('placement lines: tasker, item, score, context, session, answer, elapsed, skill and the estimate before', () => {
    const placement = records.filter((r) => r.context === 'placement');
    expect(placement.map((r) => r.itemId)).toEqual(placementAnswers);
    placement.forEach((r, k) => {
      expect(r).toMatchObject({ taskerId: 'export-t1', sessionId: placementId, responseId: `${placementId}#${k + 1}`, courseId: null, variant: null });
      // the server's time on the item (docs/blueprints.md, "Time per item"), not the 4000+k ms the client claimed:
      // this test answers at once
      expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(r.elapsedMs as number).toBeLessThan(4000);
      expect(Number.isInteger(r.score) && r.score >= 0).toBe(true); // rubric items score 0..K
      expect(typeof r.answer).toBe('string');
      expect(typeof r.skill).toBe('string');
    });
    // the first answer of each skill is judged against the prior, every later one against a moved estimate
    expect(placement.every((r) => typeof r.thetaBefore === 'number' && (r.seBefore as number) > 0)).toBe(true);
  });

  test('quiz lines: context quiz with the quiz fields', () => {
    const quiz = records.filter((r) => r.context === 'quiz');
    expect(quiz.map((r) => r.itemId)).toEqual(quizAnswers);
    for (const r of quiz) expect(r).toMatchObject({ taskerId: 'export-q1', sessionId: quizId, skill: 'coding', elapsedMs: 1500 });
  });

  test('a range that ends before the responses exports nothing', async () => {
    const out = join(dir, 'empty.jsonl');
    const result = await exportResponses({ reader: store, out, from: new Date(Date.parse(from) - 3 * 86_400_000).toISOString(), to: from });
    expect(result).toMatchObject({ complete: true, written: 0 });
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  test('interrupted after two pages, then resumed: the same file as one uninterrupted run', async () => {
    const out = join(dir, 'resumed.jsonl');
    const partial = await exportResponses({ reader: store, out, from, to, pageSize: 4, maxPages: 2 });
    expect(partial.complete).toBe(false);
    expect(partial.written).toBe(8);
    const resumed = await exportResponses({ reader: store, out, resume: true, pageSize: 4 });
    expect(resumed.complete).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  test('a crash after a page was appended but before its cursor was saved: resume writes no duplicate', async () => {
    const out = join(dir, 'crashed.jsonl');
    await exportResponses({ reader: store, out, from, to, pageSize: 3, maxPages: 1 });
    // the page the crashed run appended without saving the cursor
    appendFileSync(out, readFileSync(out, 'utf8'));
    await exportResponses({ reader: store, out, resume: true, pageSize: 5 });
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  test('--resume refuses another range and a missing cursor file', async () => {
    await expect(exportResponses({ reader: store, out: join(dir, 'resumed.jsonl'), resume: true, from: '2026-02-01T00:00:00Z' })).rejects.toThrow(/--from differs/);
    await expect(exportResponses({ reader: store, out: join(dir, 'nothing.jsonl'), resume: true })).rejects.toThrow(/no cursor file/);
  });
});
