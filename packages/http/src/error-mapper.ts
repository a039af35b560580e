import { DomainError, type DomainErrorKind, TooManyRequestsError } from '@theta/assessment/errors';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { PayloadTooLargeError, RequestValidationError, UnsupportedMediaTypeError } from './http-errors';
import { logger } from './logger';
import type { ErrorBody, HttpResponse } from './responses';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};

/** The one place where an error becomes an HTTP response. Anything unknown is a 500 with a generic body. */
export function errorToResponse(error: unknown, requestId: string | undefined): HttpResponse<ErrorBody> {
  const respond = (statusCode: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) => {
    const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) }, requestId };
    return { statusCode, body, headers };
  };

  if (error instanceof RequestValidationError) {
    logger.info('request rejected', { problems: error.problems });
    return respond(400, 'validation_failed', error.message, error.problems);
  }
  if (error instanceof PayloadTooLargeError) {
    return respond(413, 'payload_too_large', error.message, { limitBytes: error.limitBytes });
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return respond(415, 'unsupported_media_type', error.message);
  }
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    logger.info('domain error', { status, code: error.code, message: error.message });
    const headers = error instanceof TooManyRequestsError ? { 'retry-after': String(error.retryAfterSeconds) } : undefined;
    return respond(status, error.code, error.message, error.details, headers);
  }
  if (isDatabaseUnavailable(error)) {
    // retryable: the database timed out, refused or throttled after the SDK's bounded retries
    logger.warn('database unavailable', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
    return respond(503, 'database_unavailable', 'the database is not answering; retry later', undefined, {
      'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  // Details go to the log only: a 500 body never leaks internals.
  if (error instanceof Error) logger.error('unhandled error', error);
  else logger.error('unhandled error', { error: String(error) });
  return respond(500, 'internal_error', 'internal server error');
}
