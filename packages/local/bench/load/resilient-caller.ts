// A client that behaves like a real one on a bad network: it retries what failed (5xx, 429, a request still in
// progress, no answer at all) with the same Idempotency-Key after Retry-After or a backoff, sometimes sends the same
// request twice at once (a double click), and sometimes sends it again after it succeeded (the reply was lost).
// It records every status it saw, and whether every reply to one key was the same reply.
import type { Rng } from '@theta/irt';
import type { BenchClient, ClientResponse } from '../http-client';
import { sleep } from '../tasker-flow';

export interface CallerSettings {
  /** share of keyed requests sent twice concurrently */
  duplicateRate: number;
  /** share of keyed requests sent once more after their success */
  resendRate: number;
  /** a client gives up on one response after this long */
  requestTimeoutMs: number;
  /** and on a request (all its retries) after this long */
  giveUpAfterMs: number;
}

export interface CallStats {
  /** `ROUTE STATUS` (or `ROUTE network-error`) → count */
  statuses: Map<string, number>;
  /** replies to one Idempotency-Key that differed (a retry must get the first reply back) */
  replayMismatches: { route: string; key: string; first: string; other: string }[];
  /** replies to one key with the same JSON value, its object keys in another order (a stored reply re-serialized) */
  reorderedReplays: number;
  /** requests that never succeeded: the final status (or the give-up) */
  failures: { route: string; path: string; status: number | 'gave-up'; body: string }[];
  latencyMs: Map<string, number[]>;
}

export const newCallStats = (): CallStats => ({ statuses: new Map(), replayMismatches: [], reorderedReplays: 0, failures: [], latencyMs: new Map() });

type Outcome = ClientResponse | Error;

/** JSON text with every object's keys sorted: equal for equal values, whatever the key order */
function canonical(body: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sort(x)])) : v;
  try {
    return JSON.stringify(sort(JSON.parse(body)));
  } catch {
    return body;
  }
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const isRetryable = (r: Outcome) => r instanceof Error || RETRY_STATUSES.has(r.status) || (r.status === 409 && r.body.includes('request_in_progress'));
const isSuccess = (r: Outcome): boolean => !(r instanceof Error) && r.status >= 200 && r.status < 300;
/** a reply that retrying will not change: a 4xx other than 409 request_in_progress and 429 */
const finalRefusal = (r: Outcome): ClientResponse | undefined => (r instanceof Error || isSuccess(r) || isRetryable(r) ? undefined : r);

export class ResilientCaller {
  constructor(
    private readonly client: BenchClient,
    private readonly settings: CallerSettings,
    private readonly stats: CallStats,
    private readonly rng: Rng,
  ) {}

  /** The first 2xx reply, after retries; undefined when the request failed for good (recorded in stats.failures). */
  async call(route: string, method: string, path: string, options: { token: string; body?: unknown; key?: string }): Promise<ClientResponse | undefined> {
    const headers: Record<string, string> = options.key ? { 'idempotency-key': options.key } : {};
    const send = async (): Promise<Outcome> => {
      try {
        const r = await this.client.send(method, path, { token: options.token, body: options.body, headers, timeoutMs: this.settings.requestTimeoutMs });
        this.tally(route, String(r.status), r.ms);
        return r;
      } catch (e) {
        this.tally(route, 'network-error');
        return e as Error;
      }
    };
    const deadline = performance.now() + this.settings.giveUpAfterMs;
    let first: ClientResponse | undefined;
    for (let attempt = 0; ; attempt++) {
      const twice = options.key !== undefined && attempt === 0 && this.rng() < this.settings.duplicateRate;
      const outcomes = await Promise.all(twice ? [send(), send()] : [send()]);
      for (const r of outcomes.filter(isSuccess) as ClientResponse[]) {
        if (!first) first = r;
        else this.compare(route, options.key!, first, r);
      }
      if (first) {
        // the twin of a success may wait (in progress) but must not be refused: that would be a second, different answer
        for (const refused of outcomes.map(finalRefusal)) if (refused) this.stats.replayMismatches.push({ route, key: options.key!, first: `${first.status} ${first.body.slice(0, 200)}`, other: `${refused.status} ${refused.body.slice(0, 200)}` });
        break;
      }
      const final = outcomes.map(finalRefusal).find((r) => r !== undefined);
      if (final) {
        this.stats.failures.push({ route, path, status: final.status, body: final.body.slice(0, 300) });
        return undefined;
      }
      if (performance.now() > deadline) {
        this.stats.failures.push({ route, path, status: 'gave-up', body: String(outcomes.map((r) => (r instanceof Error ? r.message : r.status))) });
        return undefined;
      }
      await sleep(this.waitMs(outcomes, attempt));
    }
    if (options.key !== undefined && this.rng() < this.settings.resendRate) await this.resend(route, options.key, first, send, deadline);
    return first;
  }

  /** The reply was "lost": send the same request again until it answers; it must be the first reply. */
  private async resend(route: string, key: string, first: ClientResponse, send: () => Promise<Outcome>, deadline: number): Promise<void> {
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      const r = await send();
      if (isSuccess(r)) return this.compare(route, key, first, r as ClientResponse);
      const refused = finalRefusal(r);
      if (refused) {
        this.stats.replayMismatches.push({ route, key, first: `${first.status} ${first.body.slice(0, 200)}`, other: `${refused.status} ${refused.body.slice(0, 200)}` });
        return;
      }
      await sleep(this.waitMs([r], attempt));
    }
  }

  private compare(route: string, key: string, first: ClientResponse, other: ClientResponse): void {
    if (other.status === first.status && other.body !== first.body && canonical(other.body) === canonical(first.body)) {
      this.stats.reorderedReplays++;
      return;
    }
    if (other.status !== first.status || other.body !== first.body) {
      this.stats.replayMismatches.push({ route, key, first: `${first.status} ${first.body.slice(0, 200)}`, other: `${other.status} ${other.body.slice(0, 200)}` });
    }
  }

  /** Retry-After when the server sent one, else exponential backoff from 200 ms up to 5 s; with jitter either way. */
  private waitMs(outcomes: Outcome[], attempt: number): number {
    const retryAfter = outcomes.map((r) => (r instanceof Error ? Number.NaN : Number(r.retryAfter))).find((s) => Number.isFinite(s));
    const base = retryAfter !== undefined ? retryAfter * 1000 : Math.min(5000, 200 * 2 ** attempt);
    return base * (0.75 + 0.5 * this.rng());
  }

  private tally(route: string, status: string, ms?: number): void {
    const label = `${route} ${status}`;
    this.stats.statuses.set(label, (this.stats.statuses.get(label) ?? 0) + 1);
    if (ms !== undefined && status.startsWith('2')) {
      let list = this.stats.latencyMs.get(route);
      if (!list) this.stats.latencyMs.set(route, (list = []));
      list.push(ms);
    }
  }
}
