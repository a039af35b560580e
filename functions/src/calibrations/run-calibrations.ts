// Scheduled (functions/jobs.ts): runs the queued calibrations. Not an HTTP route: the Powertools logger, no middy.
import { runQueuedCalibrations } from '@theta/assessment';
import { logger } from '@theta/http/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { calibrationJobDeps } from '../wiring';
import { traced } from '@theta/http/tracer';

const deps = calibrationJobDeps();

/** runs per invocation: a calibration takes seconds; the next invocation (a minute later) takes the rest */
export const RUNS_PER_INVOCATION = 3;

async function run(event: ScheduledEvent, context?: Context) {
  if (context) logger.addContext(context);
  const sweep = await runQueuedCalibrations(deps, RUNS_PER_INVOCATION);
  const log = sweep.checked > 0 ? logger.info.bind(logger) : logger.debug.bind(logger);
  log('calibrations run', { scheduledAt: event.time, ...sweep });
  return sweep;
}

export const handler = traced(run);
