// `npm run calibrate` in-process: the result format (FORMATS.md section 3), flags, errors with line numbers, exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCalibrateCli } from '../src/calibration/cli';
import { simulateResponses } from '../src/calibration/index';
import { formatResponseLogLine } from '../src/formats/response-log';
import { createRng, randomNormal, shuffleInPlace } from '../src/random';
import type { DichotomousItem } from '../src/types';

const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  return runCalibrateCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false }).then((code) => ({ code, stdout, stderr }));
}

// 30 anchors + 6 pilots (one with a = 0.2, one drifted by +1 in b between the bank and the data)
const rng = createRng(3);
const truth: DichotomousItem[] = Array.from({ length: 36 }, (_, j) => ({ id: `i${j}`, model: '2PL', a: j === 31 ? 0.2 : Math.exp(randomNormal(rng, 0.1, 0.2)), b: randomNormal(rng, 0, 0.8) }));
const bankItems = truth.map((t, j) => ({ ...t, ...(j === 5 ? { b: t.b - 1 } : {}), status: j < 30 ? 'active' : 'pilot', ...(j >= 30 ? { a: undefined, b: undefined } : {}) }));
const thetas = Array.from({ length: 2500 }, () => randomNormal(rng, 0.2, 1));
const all = truth.map((_, j) => j);
const responses = simulateResponses(truth, thetas, () => shuffleInPlace(rng, all.slice()).slice(0, 15), rng);
const bankFile = join(dir, 'bank.json');
const logFile = join(dir, 'log.jsonl');
writeFileSync(bankFile, JSON.stringify({ items: bankItems }));
writeFileSync(logFile, `${responses.map((r, k) => formatResponseLogLine({ ...r, at: new Date(Date.UTC(2026, 0, 1) + k * 1000).toISOString() })).join('\n')}\n`);

describe('npm run calibrate', () => {
  it('fixed-anchor: writes the bank format with se, n, fit and flags, anchors untouched', async () => {
    const out = join(dir, 'fixed.json');
    const { code, stdout, stderr } = await run(['--bank', bankFile, '--log', logFile, '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/calibrate: \d+ EM cycles, converged/);
    expect(stdout).toMatch(/Calibration \(fixed-anchor\)/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc).toMatchObject({ converged: true, mode: 'fixed-anchor' });
    expect(typeof doc.iterations).toBe('number');
    expect(typeof doc.logLikelihood).toBe('number');
    expect(typeof doc.seconds).toBe('number');
    expect(doc.items).toHaveLength(36);
    expect(doc.items[0]).toMatchObject({ id: 'i0', a: truth[0]?.a, b: truth[0]?.b, status: 'active', se: {} });
    for (const it of doc.items) {
      expect(it.n).toBeGreaterThan(0);
      expect(Object.keys(it.fit)).toEqual(expect.arrayContaining(['infit', 'outfit', 'chiSquare', 'df', 'p']));
      expect(Array.isArray(it.flags)).toBe(true);
    }
    const pilot = doc.items[30];
    expect(pilot.se.a).toBeGreaterThan(0);
    expect(pilot.se.b).toBeGreaterThan(0);
    expect(doc.items[31].flags).toContain('low-discrimination');
  });

  it('--free re-estimates every item and flags the drifted anchor', async () => {
    const out = join(dir, 'free.json');
    const { code } = await run(['--bank', bankFile, '--log', logFile, '--out', out, '--free']);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.mode).toBe('free');
    expect(doc.items[5].flags).toContain('drift');
    const drifted = doc.items.filter((it: { flags: string[] }) => it.flags.includes('drift')).map((it: { id: string }) => it.id);
    expect(drifted).toEqual(['i5']);
    expect(doc.items[0].se.a).toBeGreaterThan(0);
  });

  it('bad log line: error: FILE:LINE: FIELD: problem, exit 1', async () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = readFileSync(logFile, 'utf8').split('\n');
    lines[6] = lines[6]?.replace(/"score":\d/, '"score":7') as string;
    writeFileSync(bad, lines.join('\n'));
    const { code, stderr } = await run(['--bank', bankFile, '--log', bad, '--out', join(dir, 'x.json')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${bad}:7: score: 7 is outside 0..1`);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['--bank', bankFile])).code).toBe(2);
    expect((await run(['--bank', bankFile, '--log', logFile, '--out', 'x', '--model', '4PL'])).code).toBe(2);
  });
});
