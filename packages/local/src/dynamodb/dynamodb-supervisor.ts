// Keeps DynamoDB Local running under `npm start`: when Java exits without stop() (killed, crashed,
// out of memory) it is started again on the same port, so the handlers' client (whose endpoint is
// fixed at cold start) reconnects without noticing. Bounded: a backoff between attempts, and after
// `maxFailures` unexpected exits or failed restarts within `windowMs` it gives up with one clear log
// line (data routes and /v1/health then answer 503 until the stack is restarted).
import { constants } from 'node:os';
import { type DynamoDbLocal, type DynamoDbLocalExit, type DynamoDbLocalOptions, startDynamoDbLocal } from './dynamodb-local';

export interface DynamoDbSupervisorOptions {
  launch: DynamoDbLocalOptions;
  log: (message: string) => void;
  /** runs after each restart, before it counts as done (e.g. recreate the tables of an in-memory database) */
  onRestarted?: (dynamoDb: DynamoDbLocal) => Promise<void>;
  /** give up after this many failures (unexpected exits + failed restarts) within `windowMs`; default 5 */
  maxFailures?: number;
  /** default 60 000 */
  windowMs?: number;
  /** wait before the n-th restart attempt of the window (n from 1); default 500 ms doubling, at most 8 s */
  backoffMs?: (failure: number) => number;
}

export type SupervisorState = 'running' | 'restarting' | 'gave-up' | 'stopped';

export interface DynamoDbSupervisor {
  endpoint: string;
  port: number;
  storage: DynamoDbLocal['storage'];
  /** the running instance; undefined while restarting, after giving up or after stop() */
  current(): DynamoDbLocal | undefined;
  state(): SupervisorState;
  /** restarts that succeeded so far */
  restarts(): number;
  /** stops supervising and the running instance (a restart in progress is stopped as it completes) */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_FAILURES = 5;
export const DEFAULT_FAILURE_WINDOW_MS = 60_000;
const defaultBackoffMs = (failure: number) => Math.min(8000, 500 * 2 ** (failure - 1));

/** the guard's sh exits with Java's status, 128 + n when a signal killed Java (137: SIGKILL) */
function describeExit(exit: DynamoDbLocalExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  const bySignal = exit.code !== null && exit.code > 128 ? Object.entries(constants.signals).find(([, n]) => n === exit.code! - 128) : undefined;
  return bySignal ? `code ${exit.code}: Java got ${bySignal[0]}` : `code ${exit.code}`;
}

export async function superviseDynamoDbLocal(options: DynamoDbSupervisorOptions): Promise<DynamoDbSupervisor> {
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  const windowMs = options.windowMs ?? DEFAULT_FAILURE_WINDOW_MS;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const { log } = options;

  const first = await startDynamoDbLocal(options.launch);
  // the same port on every restart: the endpoint handlers and clients already hold stays right
  const launch: DynamoDbLocalOptions = { ...options.launch, port: first.port };
  let current: DynamoDbLocal | undefined = first;
  let state: SupervisorState = 'running';
  let restarts = 0;
  let failureTimes: number[] = [];
  let wake: (() => void) | undefined;

  const failuresInWindow = () => {
    const now = Date.now();
    failureTimes = failureTimes.filter((at) => now - at < windowMs);
    return failureTimes.length;
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  const restart = async () => {
    state = 'restarting';
    while (state === 'restarting') {
      const failures = failuresInWindow();
      if (failures >= maxFailures) {
        state = 'gave-up';
        log(
          `DynamoDB Local failed ${failures} times within ${windowMs / 1000} s; not restarting it again. ` +
            'Data routes and /v1/health answer 503 until you restart npm start.',
        );
        return;
      }
      await pause(backoffMs(failures));
      if (state !== 'restarting') return;
      const started = Date.now();
      let next: DynamoDbLocal | undefined;
      try {
        next = await startDynamoDbLocal(launch);
        if (state !== 'restarting') return void (await next.stop());
        await options.onRestarted?.(next);
        if (state !== 'restarting') return void (await next.stop());
        current = next;
        state = 'running';
        restarts++;
        log(`DynamoDB Local restarted on port ${next.port} in ${Date.now() - started} ms (restart ${restarts})`);
        watch(next);
      } catch (error) {
        await next?.stop();
        failureTimes.push(Date.now());
        log(`DynamoDB Local restart failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  };

  function watch(instance: DynamoDbLocal): void {
    void instance.exited.then((exit) => {
      if (state !== 'running' || current !== instance) return; // stop() ended it
      current = undefined;
      failureTimes.push(Date.now());
      log(`DynamoDB Local exited unexpectedly (${describeExit(exit)}); restarting it on port ${launch.port}`);
      void restart();
    });
  }
  watch(first);

  return {
    endpoint: first.endpoint,
    port: first.port,
    storage: first.storage,
    current: () => current,
    state: () => state,
    restarts: () => restarts,
    stop: async () => {
      state = 'stopped';
      wake?.();
      const running = current;
      current = undefined;
      await running?.stop();
    },
  };
}
