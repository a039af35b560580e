// Which errors mean "the database is not answering right now" (after the SDK's own bounded retries,
// packages/store/src/client-config.ts): the request is safe to retry later, so the client gets a 503
// with Retry-After instead of a 500. Matched by shape (name, code, status), not by SDK class, so the
// http package needs no AWS SDK and wrapped errors (Powertools idempotency's `cause`) are seen too.

/** the SDK's per-attempt timeout (`TimeoutError`), and DynamoDB's own 5xx and throttling error names */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
]);

/** Node socket errors: nothing listens (refused), the peer vanished (reset, pipe), or no route to it */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * The SDK keeps only the text of a thrown value that is not `instanceof Error` (a socket error from
 * another realm, as under jest's vm): "AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:8000".
 */
const SDK_WRAPPED_SOCKET_ERROR = /^AWS SDK error wrapper for .*\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/;

/** how long a client should wait before retrying: about one bounded DynamoDB call plus a restart */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $fault?: unknown;
}

/** true when `error` (or an error it wraps, a few levels deep) says the database is unreachable or overloaded */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const shape = current as ErrorShape;
    if (typeof shape.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(shape.name)) return true;
    if (typeof shape.code === 'string' && UNAVAILABLE_SOCKET_CODES.has(shape.code)) return true;
    if (typeof (current as { message?: unknown }).message === 'string' && SDK_WRAPPED_SOCKET_ERROR.test((current as Error).message)) return true;
    // an AWS service answer with 503 (e.g. DynamoDB's ServiceUnavailable under another name)
    if (shape.$fault === 'server' && shape.$metadata?.httpStatusCode === 503) return true;
    current = shape.cause;
  }
  return false;
}
