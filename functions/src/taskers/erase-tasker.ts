import { eraseTasker as erase } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { DynamoTaskerErasureStore, documentClient, tableName } from '@theta/store';
import { RATE_LIMITS } from '../../contracts/rate-limits';
import { eraseTasker } from '../../contracts/taskers';

// the rate counters keyed by a tasker id (packages/http rate-limit.ts): the erasure deletes their live windows
const rateCounterNames = Object.values(RATE_LIMITS).flatMap((rules) => rules.map((rule) => rule.name));

const deps = {
  erasures: new DynamoTaskerErasureStore(documentClient(), { sessions: tableName('sessions'), taskers: tableName('taskers'), counters: tableName('idempotency') }, { rateCounterNames }),
  // the pseudonym's HMAC key; without it the pseudonym is a plain (versioned) hash of the id: docs/security.md, "Privacy"
  pseudonymKey: process.env.THETA_PSEUDONYM_KEY ?? 'theta-erasure-pseudonym/v1',
  now: () => new Date(),
};

export const handler = createHandler(eraseTasker, async ({ principal, params }) => {
  const { erasure } = await erase({ taskerId: params.id, requestedBy: principal.sub }, deps);
  const body = { taskerId: params.id, erasure };
  return erasure.status === 'completed' ? ok(body) : { statusCode: 202, body };
});
