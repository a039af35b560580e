// `npm run report` against a running local stack (the real API through its HTTP server): the report file is
// self-contained and its blueprint charts draw exactly what GET /v1/blueprints/{id}/information returns; parts the
// API cannot give yet (no calibration) are named in the report instead of failing it; bad arguments exit 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';

let stack: LocalStack;
let token: string;
const dir = mkdtempSync(join(tmpdir(), 'theta-report-'));

function report(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/cli/report.ts', ...args, '--url', stack.baseUrl, '--token', token], { cwd: REPO_ROOT, env: { ...process.env, THETA_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true });
  token = await stack.tokenFor('author', 'report-test');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

test('writes one self-contained file whose SE curves are the route\'s, and names what it could not draw', async () => {
  const out = join(dir, 'report.html');
  const run = await report('--out', out, '--course', 'no-such-course');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^wrote .*report\.html: \d+ charts \(1 blueprints, 0 courses\); not drawn: .*item health.*course no-such-course: .*HTTP 404/);
  const html = readFileSync(out, 'utf8');
  expect(html).not.toMatch(/<script|<link|<img|\bsrc=|href="(?!#)/i);
  const curves = (await stack.get('/v1/blueprints/general-placement/information', { as: 'author' })).json<{ skills: { skill: string; conditionalSe: (number | null)[] }[] }>();
  const section = html.slice(html.indexOf('conditional SE of the best test per skill'));
  for (const s of curves.skills) {
    const drawn = new RegExp(`data-name="${s.skill}" data-y="([^"]+)"`).exec(section);
    expect(drawn).not.toBeNull();
    expect(JSON.parse(drawn![1]!.replace(/&quot;/g, '"'))).toEqual(s.conditionalSe);
  }
  expect(html).toContain('No calibration has completed yet.');
}, 60_000);

test('bad arguments exit 2 with the usage; an unreachable API exits 1 with one line', async () => {
  const missing = await report();
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/--out is required[\s\S]*usage: npm run report/);
  const looks = await report('--out', join(dir, 'x.html'), '--looks', '0');
  expect(looks.status).toBe(2);
  expect(looks.stderr).toMatch(/--looks must be an integer 1..30/);
  const child = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/cli/report.ts', '--out', join(dir, 'y.html'), '--url', 'http://127.0.0.1:9', '--token', token], { cwd: REPO_ROOT });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr }));
  });
  expect(child.status).toBe(1);
  expect(child.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:9/);
}, 60_000);
