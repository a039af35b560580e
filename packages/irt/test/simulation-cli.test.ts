import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runSimulateCli } from '../src/simulation';
import { mulberry32 } from '../src/random';
import { bank2PL, normalThetas } from './cat-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'theta-sim-'));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};

const bankFile = file('bank.json', {
  items: [
    ...bank2PL(120, 111).map(({ model: _m, ...rest }) => rest), // model omitted → 2PL
    { id: 'g1', model: 'GRM', a: 1.2, thresholds: [-1, 0, 1] },
    { id: 'c1', a: 1.1, b: 0.2, c: 0.2 }, // → 3PL
  ],
});
const rng = mulberry32(3);
const simFile = file('simulees.json', {
  simulees: normalThetas(80, 112).map((s) => ({ ...s, u: Array.from({ length: 20 }, () => rng()) })),
});
const configFile = file('cat.json', {
  stopping: { maxItems: 20, seThreshold: 0.35, classification: { cuts: [0], method: 'ci' } },
});

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runSimulateCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTTY: false });
  return { code, out, err };
}

describe('simulate CLI', () => {
  it('prints the report tables and writes one record per simulee', async () => {
    const outFile = join(dir, 'results.json');
    const r = await run(['--bank', bankFile, '--simulees', simFile, '--config', configFile, '--out', outFile, '--seed', '7']);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const s of ['RMSE', 'bias', 'Test length: mean', 'median', 'Stopped by:', 'se-threshold', 'Item exposure: max', 'histogram', 'by true θ', 'false pass', 'false fail'])
      expect(r.out).toContain(s);
    expect(r.err).not.toContain('['); // no progress bar when stderr is not a TTY
    const written = JSON.parse(readFileSync(outFile, 'utf8')) as { records: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(written.records).toHaveLength(80);
    expect(Object.keys(written.records[0]!)).toEqual(
      expect.arrayContaining(['id', 'trueTheta', 'theta', 'se', 'items', 'responses', 'stopReason']),
    );
    expect(written.summary.simulees).toBe(80);
    // same seed, same uniforms ⇒ same records
    const again = await run(['--bank', bankFile, '--simulees', simFile, '--config', configFile, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).rmse).toBeCloseTo((written.summary as { rmse: number }).rmse, 12);
  });

  it('draws a progress bar on stderr only for a TTY', async () => {
    let err = '';
    const code = await runSimulateCli(['--bank', bankFile, '--simulees', simFile, '--config', configFile], {
      stdout: () => undefined,
      stderr: (t) => (err += t),
      stderrIsTTY: true,
    });
    expect(code).toBe(0);
    expect(err).toContain('100% 80/80');
  });

  it.each([
    ['missing file', () => ['--bank', join(dir, 'nope.json'), '--simulees', simFile, '--config', configFile], /nope\.json: cannot read file \(ENOENT\)/],
    ['bad JSON', () => ['--bank', file('broken.json', '{"items": ['), '--simulees', simFile, '--config', configFile], /broken\.json: invalid JSON/],
    [
      'bad item',
      () => ['--bank', file('b2.json', { items: [{ id: 'x', a: -1, b: 0 }] }), '--simulees', simFile, '--config', configFile],
      /b2\.json: items\[0\]\.a: must be a finite number > 0/,
    ],
    [
      'bad simulee',
      () => ['--bank', bankFile, '--simulees', file('s2.json', { simulees: [{ id: 'a', theta: 'high' }] }), '--config', configFile],
      /s2\.json: simulees\[0\]\.theta: must be a number or a map skill/,
    ],
    [
      'short uniforms',
      () => ['--bank', bankFile, '--simulees', file('s3.json', { simulees: [{ id: 'a', theta: 0, u: [0.5] }] }), '--config', configFile],
      /s3\.json: simulees\[0\]\.u: has 1 uniforms but a test can have 20 items/,
    ],
    ['bad config', () => ['--bank', bankFile, '--simulees', simFile, '--config', file('c2.json', { stopping: {} })], /c2\.json: stopping\.maxItems: is required/],
    [
      'infeasible blueprint',
      () => [
        '--bank',
        bankFile,
        '--simulees',
        simFile,
        '--config',
        file('c3.json', { blueprint: { constraints: [{ tag: 'none', min: 2 }] }, stopping: { maxItems: 5 } }),
      ],
      /c3\.json: blueprint: infeasible blueprint: constraint tag:none min 2/,
    ],
  ])('%s → exit 1 with file, path and problem', async (_name, args, message) => {
    const r = await run(args());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['--bank', bankFile])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
    expect((await run(['--bank', bankFile, '--simulees', simFile, '--config', configFile, '--seed', 'x'])).code).toBe(2);
  });

  it('the npm entry point runs as a process and exits non-zero on bad input', async () => {
    const exec = promisify(execFile);
    const entry = join(__dirname, '..', 'src', 'cli', 'simulate.ts');
    const ok = await exec(process.execPath, ['--import', 'tsx', entry, '--bank', bankFile, '--simulees', simFile, '--config', configFile]);
    expect(ok.stdout).toContain('RMSE');
    await expect(
      exec(process.execPath, ['--import', 'tsx', entry, '--bank', bankFile, '--simulees', simFile, '--config', join(dir, 'missing.json')]),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('missing.json: cannot read file') });
  });
});
