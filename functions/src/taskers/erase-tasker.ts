import { eraseTasker as erase } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { DynamoTaskerErasureStore, documentClient, tableName } from '@theta/store';
import { RATE_LIMITS } from '../../contracts/rate-limits';
import { eraseTasker } from '../../contracts/taskers';
import { eventBridgeAnnouncer } from './erasure-announcer';
import { pseudonymKeySource } from './pseudonym-key';

// the rate counters keyed by a tasker id (packages/http rate-limit.ts): the erasure deletes their live windows
const rateCounterNames = Object.values(RATE_LIMITS).flatMap((rules) => rules.map((rule) => rule.name));

// the pseudonym's HMAC key: from the environment, a Secrets Manager secret, or (outside AWS) a fixed one; docs/security.md, "Privacy"
const pseudonymKey = pseudonymKeySource(process.env);

const deps = {
  erasures: new DynamoTaskerErasureStore(documentClient(), { sessions: tableName('sessions'), taskers: tableName('taskers'), counters: tableName('idempotency') }, { rateCounterNames }),
  // tasker.erased on the stage bus; no bus locally (a logged no-op)
  announceErased: eventBridgeAnnouncer(process.env.EVENT_BUS_NAME),
  now: () => new Date(),
};

export const handler = createHandler(eraseTasker, async ({ principal, params }) => {
  // before anything is read: without the key nothing is erased (503)
  const key = await pseudonymKey();
  const { erasure } = await erase({ taskerId: params.id, requestedBy: principal.sub }, { ...deps, pseudonymKey: key });
  const body = { taskerId: params.id, erasure };
  return erasure.status === 'completed' ? ok(body) : { statusCode: 202, body };
});
