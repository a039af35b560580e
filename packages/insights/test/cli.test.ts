// npm run insights over an exported log: tables by default, --json, and option errors that name the option.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/cli/args';
import { runInsightsCli } from '../src/cli/main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'theta-insights-cli-'));
  const lines = [
    { taskerId: 't1', itemId: 'i1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: -1 },
    { taskerId: 't2', itemId: 'i1', score: 1, at: '2026-12-01T11:00:00.000Z', answer: 'A', errorTag: null, skill: 'math', thetaBefore: 1 },
    { taskerId: 't3', itemId: 'i1', score: 0, at: '2026-12-02T11:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: 0 },
  ];
  writeFileSync(join(dir, 'log.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
  writeFileSync(join(dir, 'bad.jsonl'), '{"taskerId":"t1","itemId":"i1","score":0}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runInsightsCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { THETA_DATA_DIR: dir } });
  return { code, out, err };
}

test('errors --log: a table with the tag, its count and its rate with interval', async () => {
  const { code, out } = await run(['errors', '--log', join(dir, 'log.jsonl')]);
  expect(code).toBe(0);
  expect(out).toContain('3 responses');
  expect(out).toMatch(/1\s+math\s+slip\s+2\s+66\.7% \[20\.8–93\.9\] n=3/);
});

test('--json: the report; sync then errors without --log reads the Parquet dataset', async () => {
  const json = JSON.parse((await run(['errors', '--log', join(dir, 'log.jsonl'), '--json'])).out);
  expect(json.errors[0]).toMatchObject({ errorTag: 'slip', count: 2, rate: { x: 2, n: 3 } });
  expect((await run(['sync', '--log', join(dir, 'log.jsonl')])).out).toMatch(/wrote 3 responses/);
  const fromDataset = JSON.parse((await run(['errors', '--json', '--from', '2026-12-01', '--to', '2026-12-03'])).out);
  expect(fromDataset.errors[0]).toMatchObject({ errorTag: 'slip', count: 2 });
});

test('a bad log line is named FILE:LINE: FIELD (exit 1); bad options exit 2', async () => {
  const bad = await run(['errors', '--log', join(dir, 'bad.jsonl')]);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('bad.jsonl:1: at: is required');
  expect((await run(['nope'])).code).toBe(2);
  expect(() => parseArgs(['errors', '--top', '0'])).toThrow('--top: must be a whole number ≥ 1');
  expect(() => parseArgs(['errors', '--from', 'soon'])).toThrow('--from: must be an ISO 8601');
  expect(() => parseArgs(['sync'])).toThrow('--log FILE.jsonl is required');
});
