// npm run insights -- purge --tasker ID: the local dataset that sync wrote loses the tasker's rows and keeps the rest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/cli/args';
import { runInsightsCli } from '../src/cli/main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'theta-insights-purge-'));
  const lines = [
    { responseId: 'r1', taskerId: 't1', itemId: 'i1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: -1 },
    { responseId: 'r2', taskerId: 't2', itemId: 'i1', score: 1, at: '2026-12-01T11:00:00.000Z', answer: 'A', errorTag: null, skill: 'math', thetaBefore: 1 },
    { responseId: 'r3', taskerId: 't3', itemId: 'i1', score: 0, at: '2026-12-02T11:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: 0 },
  ];
  writeFileSync(join(dir, 'log.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runInsightsCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { THETA_DATA_DIR: dir } });
  return { code, out, err };
}

test('purge removes the tasker from the synced dataset; the insight counts the others; a second purge changes nothing', async () => {
  expect((await run(['sync', '--log', join(dir, 'log.jsonl')])).code).toBe(0);
  const errors = async () => JSON.parse((await run(['errors', '--json', '--from', '2026-12-01', '--to', '2026-12-03'])).out) as { responses: number; errors: { errorTag: string; count: number }[] };
  expect(await errors()).toMatchObject({ responses: 3, errors: [{ errorTag: 'slip', count: 2 }] });

  const purged = await run(['purge', '--tasker', 't1']);
  expect(purged.code).toBe(0);
  expect(purged.out).toMatch(/^purged 1 partitions rewritten \(1 files replaced\)/);
  expect(purged.out).toContain('responses/dt=2026-12-01: 1 → 1 files');
  expect(await errors()).toMatchObject({ responses: 2, errors: [{ errorTag: 'slip', count: 1 }] });

  const again = await run(['purge', '--tasker', 't1']);
  expect(again.out).toMatch(/^purged 0 partitions rewritten/);
  expect(() => parseArgs(['purge'])).toThrow('purge: --tasker ID is required');
});
