import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../paths';

/** Main class of `java/LoopbackDynamoDbLocal.java`: DynamoDB Local with its socket bound to 127.0.0.1 only. */
export const LOOPBACK_MAIN_CLASS = 'LoopbackDynamoDbLocal';
/** What the launcher prints once Jetty listens; the launcher's tests and diagnostics read it. */
export const LOOPBACK_BOUND_MARKER = 'theta-dynamodb-local-bound=';

const SOURCE_FILE = join(REPO_ROOT, 'packages', 'local', 'src', 'dynamodb', 'java', `${LOOPBACK_MAIN_CLASS}.java`);
const CACHE_ROOT = join(REPO_ROOT, 'node_modules', '.cache', 'theta-dynamodb-local-launcher');
const runFile = promisify(execFile);

/**
 * The directory holding the compiled launcher class, compiled on first use (about 1 s of javac) and cached by a
 * digest of the source and the DynamoDB Local jar's path (its version is in the path). Compiled into a private
 * directory and renamed into place, so concurrent starts (jest workers, two `npm start`) never see half a class.
 */
export async function loopbackLauncherClassDir(jarPath: string, javaCommand: string): Promise<string> {
  const source = readFileSync(SOURCE_FILE, 'utf8');
  const digest = createHash('sha256').update(source).update('\0').update(jarPath).digest('hex').slice(0, 16);
  const classDir = join(CACHE_ROOT, digest);
  if (existsSync(join(classDir, `${LOOPBACK_MAIN_CLASS}.class`))) return classDir;

  const buildDir = `${classDir}.build-${process.pid}-${Date.now()}`;
  mkdirSync(buildDir, { recursive: true });
  const javac = javacNextTo(javaCommand);
  const classPath = [jarPath, join(dirname(jarPath), 'DynamoDBLocal_lib', '*')].join(':');
  try {
    await runFile(javac, ['--release', '17', '-nowarn', '-cp', classPath, '-d', buildDir, SOURCE_FILE]);
  } catch (error) {
    rmSync(buildDir, { recursive: true, force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `"${javac}" not found: binding DynamoDB Local to 127.0.0.1 needs a JDK 17+ once, to compile ${basename(SOURCE_FILE)} (e.g. apt-get install openjdk-17-jdk-headless)`
      : `compiling ${basename(SOURCE_FILE)} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`;
    throw new Error(reason);
  }
  try {
    renameSync(buildDir, classDir);
  } catch {
    // Another process put the same class in place first; theirs is identical.
    rmSync(buildDir, { recursive: true, force: true });
  }
  return classDir;
}

function javacNextTo(javaCommand: string): string {
  return isAbsolute(javaCommand) ? join(dirname(javaCommand), 'javac') : 'javac';
}
