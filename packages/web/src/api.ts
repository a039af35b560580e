// The one way the pages talk to Theta: the public API, with the signed-in user's token (renewed when the hosted UI's
// session can, auth/token-refresh.ts).
import { tokenAfterRejection, tokenForCall } from './auth/token-refresh';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface Options {
  body?: unknown;
  idempotencyKey?: string;
  query?: Record<string, string | number | undefined>;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== '');
  const url = query.length ? `${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}` : path;
  const send = (token: string | undefined) =>
    fetch(url, { method, headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const token = await tokenForCall();
  let res = await send(token);
  if (res.status === 401) {
    // once: a token refused again after renewal is reported, not renewed again (the same Idempotency-Key goes with it)
    const renewed = await tokenAfterRejection(token);
    if (renewed) res = await send(renewed);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: { path: string; message: string }[] }; message?: string } | undefined) ?? {};
    throw new ApiError(res.status, error.error?.code ?? 'http_error', error.error?.message ?? error.message ?? `request failed (${res.status})`, error.error?.details ?? []);
  }
  return body as T;
}

/** What a person should read for a failed request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A fresh Idempotency-Key: a retry of the same request reuses it. */
export function newRequestKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
