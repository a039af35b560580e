// GET /v1/calibrations through the local API Gateway, the real handlers and DynamoDB Local: every run requested comes
// back once across pages, newest request first, without its report; a forged cursor is refused; authors and ops only.
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
const requested: string[] = [];

interface Page {
  calibrations: { id: string; status: string; requestedAt: string; requestedBy: string; report?: unknown }[];
  cursor?: string;
}

const list = (query = '', as: 'author' | 'ops' | 'tasker' | 'onboarding' | 'quality' = 'author') => stack.request('GET', `/v1/calibrations${query}`, { as, sub: `${as}-1` });

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  for (let i = 0; i < 5; i++) {
    const res = await stack.request('POST', '/v1/calibrations', { as: 'author', sub: 'author-list', body: {} });
    expect(res.status).toBe(202);
    requested.push(res.json<{ id: string }>().id);
    // distinct request times: the list is ordered by them
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/calibrations', () => {
  it('lists every run once across pages, newest request first, without reports', async () => {
    const seen: Page['calibrations'] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'ops');
      expect(res.status).toBe(200);
      const page = res.json<Page>();
      expect(page.calibrations.length).toBeLessThanOrEqual(2);
      seen.push(...page.calibrations);
      cursor = page.cursor;
      if (!cursor) break;
    }
    const ours = seen.filter((c) => requested.includes(c.id));
    expect(ours.map((c) => c.id)).toEqual([...requested].reverse());
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    expect(ours.every((c) => c.requestedBy === 'author-list' && c.report === undefined)).toBe(true);
    const times = seen.map((c) => c.requestedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('refuses a cursor it did not write, naming it', async () => {
    for (const forged of [
      Buffer.from(JSON.stringify({ pk: 'TASKER#someone', sk: 'PROFILE', gsi2pk: 'CALIBRATION-RUNS', gsi2sk: 'x' })).toString('base64url'),
      Buffer.from(JSON.stringify({ pk: 'CALIBRATION#x', sk: 'RUN', gsi2pk: 'PRACTICE#coding', gsi2sk: 'x' })).toString('base64url'),
      'not-a-cursor',
    ]) {
      const res = await list(`?cursor=${forged}`);
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/cursor/);
    }
    const bad = await list('?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/limit/);
  });

  it('is for authors and ops only', async () => {
    for (const as of ['tasker', 'onboarding', 'quality'] as const) expect((await list('', as)).status).toBe(403);
  });
});
