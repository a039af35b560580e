// Scheduled (functions/jobs.ts): expires the placements that went idle and that no request touched again.
// Not an HTTP route, so it loads the Powertools logger and metrics, not the middy stack.
import { expireIdlePlacements } from '@theta/assessment';
import { logger } from '@theta/http/logger';
import { metrics } from '@theta/http/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { placementDeps } from '../wiring';
import { traced } from '@theta/http/tracer';

const deps = placementDeps();

/** overdue slots handled per run; the next run (minutes later) takes the rest */
export const SLOTS_PER_RUN = 500;

async function run(event: ScheduledEvent, context?: Context) {
  if (context) logger.addContext(context);
  const sweep = await expireIdlePlacements(deps, SLOTS_PER_RUN);
  metrics.addMetric('PlacementsExpiredBySweep', MetricUnit.Count, sweep.expired);
  metrics.publishStoredMetrics();
  // a sweep that found nothing is the usual case: not worth a line every few minutes
  const log = sweep.checked > 0 ? logger.info.bind(logger) : logger.debug.bind(logger);
  log('idle placements swept', { scheduledAt: event.time, ...sweep, limit: SLOTS_PER_RUN });
  return sweep;
}

export const handler = traced(run);
