// The local stand-in for EventBridge schedules: what a job's handler receives, the IAM scope it runs in, the
// timer and a clean stop. Handlers here are plain functions handed in through the loader.
import type { JobDefinition } from '@theta/functions/jobs';
import type { Context } from 'aws-lambda';
import { currentPolicy } from '../src/iam/invocation-scope';
import { createJobRunner } from '../src/jobs/job-runner';
import type { LambdaHandler } from '../src/server/handler-loader';
import type { TableNames } from '../src/dynamodb/tables';

const job = (id: string, entry: string): JobDefinition => ({
  id,
  description: `fixture ${id}`,
  entry,
  everyMinutes: 5,
  tables: { sessions: { actions: ['GetItem'], queryIndexes: ['gsi1'] } },
  timeoutSeconds: 30,
});
const tableNames = { bank: 't-bank', sessions: 't-sessions', taskers: 't-taskers', idempotency: 't-idem' } as TableNames;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runnerWith(handlers: Record<string, LambdaHandler>, jobs = Object.keys(handlers).map((entry, i) => job(`Job${i}`, entry))) {
  return createJobRunner({
    jobs,
    loadHandler: async (entry) => handlers[entry] ?? (() => Promise.reject(new Error(`no fixture ${entry}`))),
    region: 'eu-west-1',
    accountId: '123456789012',
    iam: { tableNames },
  });
}

test('a run hands the handler an EventBridge Scheduled Event and a Lambda context, and returns its result', async () => {
  let seen: { event: Record<string, unknown>; context: Context } | undefined;
  const runner = runnerWith({
    'a.ts': async (event, context) => {
      seen = { event: event as Record<string, unknown>, context: context as Context };
      return { swept: 3 };
    },
  });
  expect(await runner.run('Job0')).toEqual({ swept: 3 });
  expect(seen?.event).toMatchObject({
    version: '0',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/Job0'],
    detail: {},
  });
  expect(seen?.event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/); // EventBridge's format: whole seconds
  expect(seen?.context.functionName).toBe('Job0');
  expect(seen?.context.getRemainingTimeInMillis()).toBeGreaterThan(29_000);
  expect(seen?.context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
  await runner.stop();
});

test('a run carries exactly the job’s declared table access as its IAM scope', async () => {
  let granted: string[] | undefined;
  const runner = runnerWith({
    'a.ts': async () => {
      granted = [...(currentPolicy()?.granted ?? [])].sort();
    },
  });
  await runner.run('Job0');
  expect(granted).toEqual(['GetItem t-sessions', 'Query t-sessions/index/gsi1']);
  expect(currentPolicy()).toBeUndefined(); // nothing leaks outside the invocation
});

test('an unknown job is refused, naming the known ones', async () => {
  const runner = runnerWith({ 'a.ts': async () => undefined });
  await expect(runner.run('Nope')).rejects.toThrow("no job 'Nope' (known: Job0)");
});

test('the schedule runs every job repeatedly, reports failures, and stop waits for the run in progress', async () => {
  const runs: string[] = [];
  const failures: string[] = [];
  let finishedSlowRuns = 0;
  const runner = runnerWith({
    'ok.ts': async () => {
      runs.push('ok');
    },
    'slow.ts': async () => {
      runs.push('slow');
      await sleep(60);
      finishedSlowRuns++;
    },
    'broken.ts': async () => {
      throw new Error('boom');
    },
  });
  runner.schedule(25, (id, error) => failures.push(`${id}: ${(error as Error).message}`));
  // timers are late on a loaded machine: wait for the ticks instead of a fixed time
  for (let waited = 0; (runs.filter((r) => r === 'ok').length < 2 || failures.length < 2) && waited < 10_000; waited += 10) await sleep(10);
  await runner.stop();
  const startedSlowRuns = runs.filter((r) => r === 'slow').length;
  expect(runs.filter((r) => r === 'ok').length).toBeGreaterThanOrEqual(2);
  expect(failures.length).toBeGreaterThanOrEqual(2);
  expect(failures[0]).toBe('Job2: boom');
  expect(finishedSlowRuns).toBe(startedSlowRuns); // stop() returned only after every run it had started ended
  const after = runs.length;
  await sleep(80);
  expect(runs.length).toBe(after); // and no run starts after it
});
