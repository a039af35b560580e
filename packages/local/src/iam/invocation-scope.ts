// Which route's Lambda is running right now. Locally every handler shares one process, so the IAM
// role a call would carry in AWS travels with the invocation's async context instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RoutePolicy } from './route-policy';

const scope = new AsyncLocalStorage<RoutePolicy>();

/** Runs one handler invocation (and everything it awaits) under its route's policy. */
export function runWithPolicy<T>(policy: RoutePolicy, invocation: () => T): T {
  return scope.run(policy, invocation);
}

/** The policy of the invocation in progress; undefined outside any (local tooling, seeding, tests). */
export function currentPolicy(): RoutePolicy | undefined {
  return scope.getStore();
}
