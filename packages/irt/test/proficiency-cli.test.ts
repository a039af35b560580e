// `npm run proficiency -- replay` in-process: FORMATS.md section 4 output, and clear errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProficiencyCli } from '../src/tracker/cli';

let dir: string;
const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
};
const line = (o: Record<string, unknown>) => JSON.stringify({ taskerId: 't1', itemId: 'i1', score: 1, at: '2026-12-01T10:00:00.000Z', ...o });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'proficiency-cli-'));
  writeFileSync(path.join(dir, 'bank.json'), JSON.stringify({ items: [{ id: 'i1', a: 1, b: 0, skill: 'math' }, { id: 'i2', a: 1.2, b: 0.5, skill: 'coding' }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (log: string, ...more: string[]) => ['replay', '--bank', path.join(dir, 'bank.json'), '--log', log, '--out', path.join(dir, 'pred.jsonl'), ...more];

test('writes one prediction per input line, in input order, with the fields of FORMATS.md section 4', async () => {
  const log = path.join(dir, 'ok.jsonl');
  writeFileSync(log, [line({ at: '2026-12-03T10:00:00.000Z' }), '', line({ itemId: 'i2' }), line({ score: 0 })].join('\n'));
  const { out, io: cli } = io();
  expect(await runProficiencyCli(args(log), cli)).toBe(0);
  const lines = readFileSync(path.join(dir, 'pred.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.map((l) => [l.line, l.itemId])).toEqual([[1, 'i1'], [3, 'i2'], [4, 'i1']]);
  expect(Object.keys(lines[0]!)).toEqual(['line', 'taskerId', 'itemId', 'pCorrect', 'theta', 'se']);
  // line 4 (wrong, same day) is processed before line 1 (two days later): line 1 starts below the population mean
  expect(lines[2]!.pCorrect).toBeCloseTo(0.5, 6);
  expect(lines[0]!.pCorrect as number).toBeLessThan(0.5);
  // another skill (i2 is coding) has its own state: the population prior
  expect(lines[1]!.theta as number).toBeGreaterThan(0);
  expect(out.stderr).toMatch(/replayed 3 responses/);
});

test('bad input: FILE:LINE: FIELD: problem, exit 1; --skip-bad-lines leaves them out', async () => {
  const log = path.join(dir, 'bad.jsonl');
  writeFileSync(log, [line({}), line({ itemId: 'zzz' })].join('\n'));
  let run = io();
  expect(await runProficiencyCli(args(log), run.io)).toBe(1);
  expect(run.out.stderr).toBe(`error: ${log}:2: itemId: item 'zzz' is not in the bank\n`);

  writeFileSync(log, [line({}), line({ score: 'x' }), line({ at: '2026-12-02T10:00:00.000Z' })].join('\n'));
  run = io();
  expect(await runProficiencyCli(args(log), run.io)).toBe(1);
  expect(run.out.stderr).toMatch(new RegExp(`^error: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: score: `));
  run = io();
  expect(await runProficiencyCli(args(log, '--skip-bad-lines'), run.io)).toBe(0);
  expect(readFileSync(path.join(dir, 'pred.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([1, 3]);
  expect(run.out.stderr).toMatch(/skipped: .*:2: score:/);
});

test('usage errors exit 2 and name the problem', async () => {
  let run = io();
  expect(await runProficiencyCli(['replay', '--bank', 'b.json'], run.io)).toBe(2);
  expect(run.out.stderr).toMatch(/^error: missing --log, --out/);
  run = io();
  expect(await runProficiencyCli(['nope'], run.io)).toBe(2);
  expect(run.out.stderr).toMatch(/unknown subcommand 'nope'/);
  run = io();
  expect(await runProficiencyCli(args('x.jsonl', '--drift-per-day=-1'), run.io)).toBe(2);
  expect(run.out.stderr).toMatch(/--drift-per-day must be a number ≥ 0/);
  run = io();
  expect(await runProficiencyCli(['replay', '--bank', path.join(dir, 'missing.json'), '--log', 'l', '--out', 'o'], run.io)).toBe(1);
  expect(run.out.stderr).toMatch(/missing\.json: cannot read file \(ENOENT\)/);
});
