// Runs the scheduled jobs (functions/jobs.ts) the way EventBridge Scheduler + Lambda would: an EventBridge
// "Scheduled Event", a Lambda context, and the job's declared table access as its IAM role.
import { randomUUID } from 'node:crypto';
import type { JobDefinition } from '@theta/functions/jobs';
import type { TableNames } from '../dynamodb/tables';
import { runWithPolicy } from '../iam/invocation-scope';
import { routePolicy } from '../iam/route-policy';
import type { HandlerLoader } from '../server/handler-loader';
import { createLambdaContext } from '../server/lambda-context';

export interface JobRunnerOptions {
  jobs: readonly JobDefinition[];
  loadHandler: HandlerLoader;
  region: string;
  accountId: string;
  /** IAM emulation, as for routes: each run may do exactly what its job declares */
  iam?: { tableNames: TableNames };
}

export interface JobRunner {
  /** one run of a job, now; resolves with what its handler returned */
  run(jobId: string): Promise<unknown>;
  /** runs every job every `everyMs` (a local stand-in for each job's schedule); `onError` hears failed runs */
  schedule(everyMs: number, onError: (jobId: string, error: unknown) => void): void;
  /** no more scheduled runs; waits for a run in progress */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const DEFAULT_MEMORY_MB = 1024;

export function scheduledEvent(job: JobDefinition, region: string, accountId: string, at = new Date()) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${accountId}:rule/${job.id}`],
    detail: {},
  };
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const byId = new Map(options.jobs.map((job) => [job.id, job]));
  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  const run = (jobId: string): Promise<unknown> => {
    const job = byId.get(jobId);
    if (!job) return Promise.reject(new Error(`no job '${jobId}' (known: ${[...byId.keys()].join(', ')})`));
    const context = createLambdaContext({
      functionName: job.id,
      region: options.region,
      accountId: options.accountId,
      memoryMb: job.memoryMb ?? DEFAULT_MEMORY_MB,
      deadline: Date.now() + (job.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    });
    const call = async () => (await options.loadHandler(job.entry))(scheduledEvent(job, options.region, options.accountId), context);
    const invocation = options.iam ? runWithPolicy(routePolicy(job, options.iam.tableNames), call) : call();
    const tracked = Promise.resolve(invocation);
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked)).catch(() => undefined);
    return tracked;
  };

  return {
    run,
    schedule(everyMs, onError) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        for (const job of options.jobs) run(job.id).catch((error: unknown) => onError(job.id, error));
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([...running]);
    },
  };
}
