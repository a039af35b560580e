// Common errors per project through the local server: a real project blueprint (projectId) published and answered,
// a general placement beside it, `export:responses` (the log lines carry the project as an extension field),
// `insights -- sync`, then GET /v1/insights/errors?projectId= counts exactly the project's responses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { DynamoResponseLogStore } from '@theta/store';
import { runInsightsCli } from '../../packages/insights/src/cli/main';
import { exportResponses } from '../../packages/local/src/export/response-export';
import { completePlacement } from '../support/complete-placement';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { optionWithScore } from '../support/seed-bank';

let stack: LocalStack;
let dataDir: string;
const PROJECT_BLUEPRINT = 'apollo-placement';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'theta-insights-projects-e2e-'));
  process.env.THETA_DATA_DIR = dataDir;
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Record<string, unknown>;
  const published = await stack.post('/v1/blueprints', { ...seed, id: PROJECT_BLUEPRINT, projectId: 'apollo', title: 'Apollo project placement', retake: { cooldownHours: 0, maxAttempts: 5 } }, { as: 'author', sub: 'author-1' });
  expect({ status: published.status, body: published.text }).toMatchObject({ status: 201 });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const administered = async (placementId: string) => (await stack.get(`/v1/placements/${placementId}`, { as: 'ops' })).json<{ result: { itemsAdministered: string[] } }>().result.itemsAdministered.length;

test("a project placement's responses carry projectId to the dataset; the errors route filters them in, the general ones out", async () => {
  // the project's tasker answers every item wrong (tagged errors), the general tasker the best option
  const projectPlacement = await completePlacement(stack, 'proj-tasker-1', { blueprintId: PROJECT_BLUEPRINT, answer: (itemId) => optionWithScore(itemId, 0) });
  const generalPlacement = await completePlacement(stack, 'proj-tasker-2');
  const [projectN, generalN] = [await administered(projectPlacement), await administered(generalPlacement)];

  const log = join(dataDir, 'log.jsonl');
  await exportResponses({ reader: new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions }), out: log });
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sessionId: string; projectId?: string });
  expect(lines.filter((l) => l.sessionId === projectPlacement).map((l) => l.projectId)).toEqual(Array(projectN).fill('apollo'));
  expect(lines.filter((l) => l.sessionId === generalPlacement).every((l) => !('projectId' in l))).toBe(true);
  expect(await runInsightsCli(['sync', '--log', log], { out: () => {}, err: (t) => console.error(t), env: { THETA_DATA_DIR: dataDir } })).toBe(0);

  const window = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
  type Report = { responses: number; filters: { projectId?: string }; errors: { count: number }[]; items: { n: number }[] };
  const project = await stack.get(`/v1/insights/errors?projectId=apollo&${window}`, { as: 'author' });
  expect(project.status).toBe(200);
  const body = project.json<Report>();
  expect(body.filters.projectId).toBe('apollo');
  expect(body.responses).toBe(projectN);
  expect(body.items.reduce((n, i) => n + i.n, 0)).toBe(projectN);
  const all = (await stack.get(`/v1/insights/errors?${window}`, { as: 'ops' })).json<Report>();
  expect(all.responses).toBe(projectN + generalN);
  expect((await stack.get(`/v1/insights/errors?projectId=zeus&${window}`, { as: 'author' })).json<Report>().responses).toBe(0);
}, 120_000);

test('a malformed projectId is a 400 naming query.projectId; taskers get nothing', async () => {
  const res = await stack.get('/v1/insights/errors?projectId=Apollo!', { as: 'author' });
  expect(res.status).toBe(400);
  expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['query.projectId']);
  expect((await stack.get('/v1/insights/errors?projectId=apollo', { as: 'tasker' })).status).toBe(403);
});
