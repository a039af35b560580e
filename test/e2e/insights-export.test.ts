// The course-analytics records from DynamoDB Local to the route: a real placement (the pre-test), a real enrolment,
// `export:responses` then `export:analytics` (Query by day and by tasker partition, never Scan) write the log and its
// siblings, `insights -- sync` loads them, and GET /v1/insights/courses/{id} sees the tasker with their pre θ. Track
// changes (a placement's and an ops move's TRACK# rows) take the same path into the dataset.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoAnalyticsExportStore, DynamoResponseLogStore } from '@theta/store';
import { runInsightsCli } from '../../packages/insights/src/cli/main';
import { analyticsSiblings, exportAnalytics } from '../../packages/local/src/export/analytics-export';
import { exportResponses } from '../../packages/local/src/export/response-export';
import { REPO_ROOT } from '@theta/local';
import { completePlacement } from '../support/complete-placement';
import { optionWithScore } from '../support/seed-bank';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let dataDir: string;

const COURSE = {
  title: 'Export check',
  modules: [{ id: 'loops', title: 'Loops', pass: { minTheta: 0 } }],
  variants: [
    { id: 'control', weight: 1 },
    { id: 'video', weight: 1 },
  ],
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'theta-insights-export-e2e-'));
  process.env.THETA_DATA_DIR = dataDir;
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  // a re-assessment blueprint without a cooldown (the default's 24 h would refuse the second placement)
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Record<string, unknown>;
  expect((await stack.post('/v1/blueprints', { ...seed, id: REASSESS, title: 'Re-assessment', retake: { cooldownHours: 0, maxAttempts: 5 } }, { as: 'author', sub: 'author-1' })).status).toBe(201);
}, 120_000);

const REASSESS = 'export-reassessment';
type Placement = { result: { skills: Record<string, { theta: number; se: number }> } };

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('placement → enrolment → export → sync → route: the enrolment and the pre-test are the stored ones', async () => {
  const placementId = await completePlacement(stack, 'exp-tasker-1');
  const placement = (await stack.get(`/v1/placements/${placementId}`, { as: 'ops' })).json<{ result: { skills: Record<string, { theta: number; se: number }> } }>().result;
  const [skill, measured] = Object.entries(placement.skills)[0]!;
  const course = { ...COURSE, skills: [skill], modules: [{ ...COURSE.modules[0]!, quiz: { skill } }] };
  expect((await stack.put('/v1/courses/export-course', course, { as: 'author', sub: 'author-1' })).status).toBe(201);
  const enrolled = await stack.post('/v1/taskers/exp-tasker-1/enrollments', { courseId: 'export-course' }, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': 'enrol-exp-1' } });
  expect(enrolled.status).toBe(201);
  const enrollment = enrolled.json<{ enrollment: { variant: string; enrolledAt: string; courseVersion: number } }>().enrollment;

  const log = join(dataDir, 'log.jsonl');
  await exportResponses({ reader: new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions }), out: log });
  const result = await exportAnalytics({ reader: new DynamoAnalyticsExportStore(stack.ddb, { taskers: stack.tableNames.taskers, sessions: stack.tableNames.sessions }), log });
  expect(result).toMatchObject({ taskers: 1, enrollments: 1 });
  const siblings = analyticsSiblings(log);
  const enrollments = readFileSync(siblings.enrollments, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(enrollments).toEqual([
    { taskerId: 'exp-tasker-1', courseId: 'export-course', variant: enrollment.variant, courseVersion: enrollment.courseVersion, enrolledAt: enrollment.enrolledAt, completedAt: null, exitReachedAt: null },
  ]);
  const measurements = readFileSync(siblings.measurements, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(measurements).toContainEqual(expect.objectContaining({ taskerId: 'exp-tasker-1', skill, theta: measured.theta, se: measured.se, source: 'placement', sessionId: placementId }));
  expect(measurements).toHaveLength(Object.keys(placement.skills).length);

  let out = '';
  expect(await runInsightsCli(['sync', '--log', log], { out: (t) => (out += t), err: () => {}, env: { THETA_DATA_DIR: dataDir } })).toBe(0);
  expect(out).toMatch(/1 enrollments/);
  const report = await stack.get('/v1/insights/courses/export-course', { as: 'ops' });
  expect(report.status).toBe(200);
  const body = report.json<{ enrolled: number; withoutPre: number; status: string; variants: { variant: string; n: number; withPost: number }[] }>();
  expect(body).toMatchObject({ enrolled: 1, withoutPre: 0, status: 'not-enough-data' });
  expect(body.variants.find((v) => v.variant === enrollment.variant)).toMatchObject({ n: 1, withPost: 0 });
});

test('… then a scheduled re-assessment is the post-test: its source is reassessment and the gain is post − pre of the stored θs', async () => {
  const taskerId = 'exp-tasker-2';
  const preId = await completePlacement(stack, taskerId, { answer: (itemId) => optionWithScore(itemId, 0) });
  const pre = (await stack.get(`/v1/placements/${preId}`, { as: 'ops' })).json<Placement>().result.skills;
  const [skill] = Object.keys(pre);
  const course = { ...COURSE, skills: [skill!], modules: [{ ...COURSE.modules[0]!, quiz: { skill: skill! } }] };
  expect((await stack.put('/v1/courses/export-course-2', course, { as: 'author', sub: 'author-1' })).status).toBe(201);
  expect((await stack.post(`/v1/taskers/${taskerId}/enrollments`, { courseId: 'export-course-2' }, { as: 'ops', sub: 'ops-1', headers: { 'idempotency-key': 'enrol-exp-2' } })).status).toBe(201);
  expect((await stack.put(`/v1/taskers/${taskerId}/reassessment`, { blueprintId: REASSESS, reason: 'after the course' }, { as: 'ops', sub: 'ops-1' })).status).toBe(200);
  const postId = await completePlacement(stack, taskerId);
  const stored = await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: { pk: `PLACEMENT#${postId}`, sk: 'STATE' } }));
  expect(stored.Item?.blueprintId ?? stored.Item?.blueprint?.id).toBe(REASSESS);
  const post = (await stack.get(`/v1/placements/${postId}`, { as: 'ops' })).json<Placement>().result.skills;

  const log = join(dataDir, 'log2.jsonl');
  await exportResponses({ reader: new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions }), out: log });
  await exportAnalytics({ reader: new DynamoAnalyticsExportStore(stack.ddb, { taskers: stack.tableNames.taskers, sessions: stack.tableNames.sessions }), log });
  const measurements = readFileSync(analyticsSiblings(log).measurements, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.taskerId === taskerId && m.skill === skill);
  expect(measurements.map((m) => [m.sessionId, m.source])).toEqual([[preId, 'placement'], [postId, 'reassessment']]);

  expect(await runInsightsCli(['sync', '--log', log], { out: () => {}, err: () => {}, env: { THETA_DATA_DIR: dataDir } })).toBe(0);
  const body = (await stack.get('/v1/insights/courses/export-course-2', { as: 'author' })).json<{ enrolled: number; taskers: { items: { taskerId: string; gain: number; se: number }[] } }>();
  expect(body.enrolled).toBe(1);
  const [change] = body.taskers.items;
  expect(change!.taskerId).toBe(taskerId);
  expect(change!.gain).toBeCloseTo(post[skill!]!.theta - pre[skill!]!.theta, 10);
  expect(change!.se).toBeCloseTo(Math.hypot(pre[skill!]!.se, post[skill!]!.se), 10);
});

test('track changes: a real placement, then an ops move → export:analytics writes both TRACK# rows as the audit shows them; sync loads them', async () => {
  const taskerId = 'exp-tasker-3';
  const placementId = await completePlacement(stack, taskerId);
  const moved = await stack.post(`/v1/taskers/${taskerId}/track`, { track: 'remedial:coding', reason: 'work-sample review' }, { as: 'ops', sub: 'ops-7', headers: { 'idempotency-key': 'move-exp-3' } });
  expect(moved.status).toBe(200);
  const move = moved.json<{ move: { id: string; at: string; from: string; to: string } }>().move;
  // the audit route is the independent read of the same rows
  type Entry = { kind: string; at: string; to: string; reason: string; rule?: string; assignedBy?: string; placementId?: string };
  const audit = (await stack.get(`/v1/taskers/${taskerId}/audit`, { as: 'ops' })).json<{ entries: Entry[] }>().entries;
  const placed = audit.find((e) => e.kind === 'placement')!;
  expect(placed.placementId).toBe(placementId);

  const log = join(dataDir, 'log3.jsonl');
  await exportResponses({ reader: new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions }), out: log });
  const result = await exportAnalytics({ reader: new DynamoAnalyticsExportStore(stack.ddb, { taskers: stack.tableNames.taskers, sessions: stack.tableNames.sessions }), log });
  expect(result.files.trackChanges).toBe(join(dataDir, 'log3.track-changes.jsonl'));
  const changes = readFileSync(result.files.trackChanges, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((c) => c.taskerId === taskerId);
  expect(changes).toEqual([
    { taskerId, from: null, to: placed.to, at: placed.at, actor: { kind: 'placement', id: placed.assignedBy, version: null }, reason: placed.reason, rule: placed.rule, placementId, projectId: null, moveId: null },
    { taskerId, from: move.from, to: 'remedial:coding', at: move.at, actor: { kind: 'person', id: 'ops-7', version: null }, reason: 'work-sample review', rule: null, placementId: null, projectId: null, moveId: move.id },
  ]);
  expect(move.from).toBe(placed.to);
  // every tasker of the log: one TRACK# row per placement of the earlier tests too (1 + 2), and these 2
  expect(result.trackChanges).toBe(5);

  let out = '';
  expect(await runInsightsCli(['sync', '--log', log], { out: (t) => (out += t), err: () => {}, env: { THETA_DATA_DIR: dataDir } })).toBe(0);
  expect(out).toMatch(/5 track_changes/);
  const { openDuckDb } = await import('@theta/insights');
  const c = await openDuckDb();
  try {
    const rows = (
      await c.runAndReadAll(
        `SELECT to_track, actor_kind, actor_id, move_id FROM read_parquet('${join(dataDir, 'analytics', 'track_changes')}/dt=*/*.parquet', hive_partitioning = true) WHERE tasker_id = '${taskerId}' ORDER BY changed_at`,
      )
    ).getRowObjectsJson();
    expect(rows).toEqual([
      { to_track: placed.to, actor_kind: 'placement', actor_id: placed.assignedBy!, move_id: null },
      { to_track: 'remedial:coding', actor_kind: 'person', actor_id: 'ops-7', move_id: move.id },
    ]);
  } finally {
    c.closeSync();
  }
});
