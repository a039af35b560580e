import { createHandler, DATABASE_RETRY_AFTER_SECONDS, logger, ok } from '@theta/http';
import { probeDatabase } from '@theta/store';
import { getHealth } from '../../contracts/system';

/**
 * Shorter than one bounded DynamoDB call (packages/store client-config.ts): a load balancer or the
 * local supervisor polling health learns of a stall in a second, not after the data routes' 6 s.
 */
export const HEALTH_PROBE_TIMEOUT_MS = 1000;

// Public readiness probe: the function is deployed, its config parsed, and DynamoDB answers a GetItem.
export const handler = createHandler(getHealth, async () => {
  const probe = await probeDatabase(HEALTH_PROBE_TIMEOUT_MS);
  if (probe.state === 'ok') return ok({ status: 'ok' as const, service: 'theta', database: 'ok' as const });
  logger.warn('health: database unavailable', { reason: probe.reason });
  return {
    statusCode: 503,
    body: { status: 'degraded' as const, service: 'theta', database: 'unavailable' as const },
    headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
  };
});
