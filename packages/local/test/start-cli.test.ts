// `npm start` end to end: the real CLI (through tsx, as the npm script runs it) on a free port with its
// own data directory. It must come up healthy, print tokens that work, and on SIGTERM or Ctrl-C exit and
// take the DynamoDB Local it started with it. Java is found through the CLI's own process tree (by pid),
// never by a host-wide search, so another stack running on the machine cannot confuse the test.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@theta/local';
import { findFreePort } from '../src/dynamodb/free-port';

jest.setTimeout(120_000);

interface ProcessInfo {
  pid: number;
  ppid: number;
  stat: string;
  args: string;
}

function processTable(): ProcessInfo[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), stat: m[3]!, args: m[4]! }));
}

/** Every live process below `root` (children, grandchildren, …). */
function descendantsOf(root: number): ProcessInfo[] {
  const table = processTable();
  const found: ProcessInfo[] = [];
  const parents = [root];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const child of table.filter((p) => p.ppid === parent)) {
      found.push(child);
      parents.push(child.pid);
    }
  }
  return found;
}

/** Alive = listed and not a zombie (a zombie has exited; only its parent has not collected it yet). */
const alive = (pid: number): boolean => processTable().some((p) => p.pid === pid && !p.stat.startsWith('Z'));

async function until(condition: () => boolean, what: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url: string;
}

async function startCli(dataDir: string): Promise<RunningCli> {
  const port = await findFreePort();
  // detached: the CLI leads its own process group, like a foreground job in a terminal, so a
  // group-wide SIGINT is exactly what Ctrl-C sends.
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['packages/local/src/cli/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), THETA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await until(() => gone || text.includes('Ctrl-C stops everything.'), 'the start banner', 90_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- output ---\n${text}`);
  });
  if (gone) throw new Error(`npm start exited early:\n${text}`);
  return { child, output: () => text, exited, url: `http://127.0.0.1:${port}` };
}

describe.each([
  ['SIGTERM to the process', (cli: RunningCli) => process.kill(cli.child.pid!, 'SIGTERM')],
  ['Ctrl-C (SIGINT to the foreground process group)', (cli: RunningCli) => process.kill(-cli.child.pid!, 'SIGINT')],
])('npm start, stopped by %s', (_how, stop) => {
  let dataDir: string;
  let cli: RunningCli | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'theta-start-'));
  });
  afterAll(() => {
    // a failed test must not leave anything behind either
    if (cli?.child.pid && alive(cli.child.pid)) process.kill(-cli.child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('serves health, prints working tokens, exits 0 and leaves no DynamoDB Local behind', async () => {
    cli = await startCli(dataDir);
    // the Java process itself (its orphan-guard wrapper's command line names the jar too)
    const java = descendantsOf(cli.child.pid!).filter((p) => /^\S*java\s/.test(p.args) && p.args.includes('DynamoDBLocal.jar'));
    expect(java).toHaveLength(1);
    expect(java[0]!.args).toContain(dataDir); // its database is in this run's data directory
    const tree = descendantsOf(cli.child.pid!);

    const health = await fetch(`${cli.url}/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'theta', database: 'ok' });

    const tokens = [...cli.output().matchAll(/^ {2}(tasker|onboarding|ops|author|quality)\s+sub=(\S+)\n\s+(\S+)$/gm)];
    expect(tokens.map((m) => m[1])).toEqual(['tasker', 'onboarding', 'ops', 'author', 'quality']);
    for (const [, role, sub, token] of tokens) {
      const me = await fetch(`${cli.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ sub, roles: [role] });
    }

    stop(cli);
    const { code } = await cli.exited;
    expect(code).toBe(0);
    expect(cli.output()).toContain('[theta-local] stopped');
    // everything the CLI started (node child, orphan guard, Java) is gone
    await until(() => tree.every((p) => !alive(p.pid)), 'the CLI process tree to end', 15_000).catch(() => undefined);
    expect(tree.filter((p) => alive(p.pid)).map((p) => p.args)).toEqual([]);
  });
});
