import { type ChildProcess, spawn } from 'node:child_process';

export const JAVA_PID_MARKER = 'theta-orphan-guard-child-pid=';

/**
 * A tiny POSIX sh wrapper that runs a command (Java) and kills it as soon as the pipe on
 * its stdin closes. The Node parent holds the write end of that pipe; the kernel closes it
 * when the parent exits for ANY reason, SIGKILL included, which no Node-side handler can
 * catch. So Java never outlives the Node process that started it.
 *
 * - fd 3 keeps the parent pipe for the watcher; Java itself gets /dev/null and no fd 3,
 *   otherwise Java would hold the pipe open and the watcher would never see EOF.
 * - The watcher is a subshell blocked in the `read` builtin (no extra process to leak).
 * - After EOF it sends SIGTERM (DynamoDB Local shuts down cleanly), then SIGKILL after 5 s.
 * - When Java exits on its own, the wrapper exits with Java's status and stops the watcher.
 * - The first stdout line is a marker with Java's pid, so tests and diagnostics can find it.
 */
export const ORPHAN_GUARD_SCRIPT = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
echo "${JAVA_PID_MARKER}$child"
(
  while read -r _ <&3; do :; done
  kill -TERM "$child" 2>/dev/null
  i=0
  while kill -0 "$child" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$child" 2>/dev/null
) </dev/null &
watcher=$!
exec 3<&-
wait "$child"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

/** Exit status sh uses for "command not found". */
export const COMMAND_NOT_FOUND_STATUS = 127;

export interface GuardedSpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Spawns `command args...` under the guard. The wrapper leads its own process group
 * (detached), so Ctrl-C in a terminal reaches only Node, which then stops Java in order,
 * and so `process.kill(-pid)` can take down wrapper, watcher and Java at once as a last resort.
 */
export function spawnGuarded(command: string, args: readonly string[], options: GuardedSpawnOptions = {}): ChildProcess {
  return spawn('/bin/sh', ['-c', ORPHAN_GUARD_SCRIPT, 'theta-orphan-guard', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Kills the whole process group led by `pid`; quiet when it is already gone. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
