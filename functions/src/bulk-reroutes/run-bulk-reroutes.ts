// Scheduled (functions/jobs.ts): works the bulk reroutes page by page. Not an HTTP route: the Powertools logger, no middy.
import { runBulkReroutes } from '@theta/assessment';
import { logger } from '@theta/http/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { bulkRerouteJobDeps } from '../wiring';
import { traced } from '@theta/http/tracer';

const deps = bulkRerouteJobDeps();

/** work per invocation, well inside the function's timeout: the next invocation resumes from the saved cursor */
export const BULK_BUDGET_MS = 60_000;

async function run(event: ScheduledEvent, context?: Context) {
  if (context) logger.addContext(context);
  const budget = context ? Math.min(BULK_BUDGET_MS, context.getRemainingTimeInMillis() - 20_000) : BULK_BUDGET_MS;
  const run = await runBulkReroutes(deps, budget);
  const log = run.pages > 0 ? logger.info.bind(logger) : logger.debug.bind(logger);
  log('bulk reroutes run', { scheduledAt: event.time, ...run });
  return run;
}

export const handler = traced(run);
