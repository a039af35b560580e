// `npm run ops` against a running local stack (the real API through its HTTP server), as a person would use it:
// list a track's taskers, reroute one, read the audit, dry-run and apply a bulk reroute while the job runs, schedule a
// re-assessment; tables by default, --json for scripts; bad arguments exit 2 with the usage, API errors exit 1 with
// the field.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '@theta/local';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { completePlacement } from '../support/complete-placement';

let stack: LocalStack;
let token: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function ops(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/cli/ops.ts', ...args, '--url', stack.baseUrl, '--token', token], { cwd: REPO_ROOT, env: { ...process.env, THETA_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** runs the CLI while playing EventBridge: the bulk reroute job runs until the CLI is done */
async function opsWithJobs(...args: string[]): Promise<Run> {
  let done = false;
  const run = ops(...args).finally(() => (done = true));
  while (!done) {
    await stack.runJob('RunBulkReroutes');
    await new Promise((r) => setTimeout(r, 300));
  }
  return run;
}


let track: string;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  token = await stack.tokenFor('ops', 'ops-cli-test');
  for (const id of ['cli-1', 'cli-2']) await completePlacement(stack, id);
  track = (await stack.request('GET', '/v1/taskers/cli-1', { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string } }>().track.track;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('npm run ops', () => {
  it('lists a track as a table, and as JSON with --json', async () => {
    const text = await ops('list', '--track', track, '--skill', 'instruction-following');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^tasker\s+on track since\s+last assessed\s+instruction-following θ ± SE/);
    expect(text.stdout).toMatch(/cli-1\s.+-?\d\.\d\d ± \d\.\d\d/);
    expect(text.stdout).toContain(`2 tasker(s) on ${track}`);
    const json = await ops('list', '--track', track, '--json');
    expect((JSON.parse(json.stdout) as { taskerId: string }[]).map((t) => t.taskerId).sort()).toEqual(['cli-1', 'cli-2']);
  });

  it('reroutes one tasker, and the audit shows the move by the token’s person', async () => {
    const moved = await ops('reroute', 'cli-2', '--to', 'remedial:writing-quality', '--reason', 'sample review');
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(new RegExp(`moved cli-2: ${track} → remedial:writing-quality`));
    const audit = await ops('audit', 'cli-2', '--json');
    expect((JSON.parse(audit.stdout) as { to: string; actor?: { sub: string } }[])[0]).toMatchObject({ to: 'remedial:writing-quality', actor: { sub: 'ops-cli-test' } });
  });

  it('dry-runs a bulk reroute (who and why, nobody moved), then applies it', async () => {
    const dry = await opsWithJobs('bulk-reroute', '--from', track, '--to', 'remedial:instruction-following', '--skill', 'instruction-following', '--cut', '6', '--certainty', '0.5', '--reason', 'course pilot', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/cli-1\s+instruction-following θ .+ < cut 6\.00/);
    const id = /bulk-apply ([a-f0-9]{24})/.exec(dry.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await stack.request('GET', '/v1/taskers/cli-1', { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string } }>().track.track).toBe(track);
    const applied = await opsWithJobs('bulk-apply', id!);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('1 moved, 0 skipped');
    expect((await stack.request('GET', '/v1/taskers/cli-1', { as: 'ops', sub: 'ops-1' })).json<{ track: { track: string } }>().track.track).toBe('remedial:instruction-following');
  });

  it('schedules a re-assessment', async () => {
    const res = await ops('reassess', 'cli-1', '--blueprint', 'general-placement', '--reason', 'after the course');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('cli-1: the next placement uses general-placement');
  });

  it('exits 2 with the usage on bad arguments, and 1 with the field on an API refusal', async () => {
    const missing = await ops('list');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--track is required[\s\S]*usage: npm run ops/);
    const unknown = await ops('teleport');
    expect(unknown.status).toBe(2);
    const refused = await ops('list', '--track', 'wizard');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 400 .*\n\s+query\.track: /);
  });
});
