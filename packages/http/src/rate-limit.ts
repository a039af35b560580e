// Per-principal request limits (docs/security.md, "Rate limits"; issue 13, finding 2). API Gateway's stage
// throttling caps the whole API; these cap one caller, so a scripted tasker cannot fire 200 answers a second or
// onboarding start a hundred placements for one tasker. Fixed one-minute windows counted in DynamoDB (the store's
// RateLimiter): every Lambda instance sees the same count.
import { TooManyRequestsError } from '@theta/assessment/errors';
import type { Principal } from './principal';

export interface RateLimitRule {
  /** names the counter and the 429's code, e.g. `placement-answers` */
  name: string;
  perMinute: number;
  /** whose requests count together: the caller's token subject, or the tasker the body names (starts by onboarding) */
  by: 'principal' | 'body.taskerId';
}

/** Counts one request against `key` in the current window; `allowed: false` once `limit` are counted. */
export interface RateLimiter {
  take(key: string, limit: number, windowStartSeconds: number, windowSeconds: number): Promise<boolean>;
}

const WINDOW_SECONDS = 60;

/** Counts this request under every rule (in order) and refuses it with 429 + Retry-After at the first one over. */
export async function enforceRateLimits(limiter: RateLimiter, rules: readonly RateLimitRule[], principal: Principal | undefined, body: unknown, nowMs: number): Promise<void> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const windowStart = nowSeconds - (nowSeconds % WINDOW_SECONDS);
  for (const rule of rules) {
    const subject = rule.by === 'principal' ? principal?.sub : (body as { taskerId?: unknown } | undefined)?.taskerId;
    if (typeof subject !== 'string') continue; // validation has run: a rule's subject is always there
    if (await limiter.take(`rate#${rule.name}#${subject}`, rule.perMinute, windowStart, WINDOW_SECONDS)) continue;
    const retryAfter = Math.max(1, windowStart + WINDOW_SECONDS - nowSeconds);
    const whose = rule.by === 'principal' ? 'this caller' : `tasker '${subject}'`;
    throw new TooManyRequestsError('rate_limited', `${rule.name}: at most ${rule.perMinute} a minute for ${whose}; retry after ${retryAfter} s`, retryAfter, { limit: rule.perMinute, rule: rule.name });
  }
}
