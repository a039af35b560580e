// A database that times out, refuses, resets or throttles (after the SDK's own retries) is a 503 with
// Retry-After and code database_unavailable, never a 500. The errors are the SDK's own classes, or the
// exact shapes Node and @smithy/node-http-handler throw.
import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { errorToResponse } from '../src/error-mapper';
import { DATABASE_RETRY_AFTER_SECONDS } from '../src/database-unavailable';

const metadata = { httpStatusCode: 400, attempts: 2, totalRetryDelay: 100 };

/** what Node's net module rejects with */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code, errno: -111, syscall: 'connect' });
}

const unavailable: [string, unknown][] = [
  // @smithy/node-http-handler's requestTimeout (throwOnRequestTimeout) and connectionTimeout
  ['request timeout', Object.assign(new Error('a request has exceeded the configured 2000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' })],
  ['connection timeout', Object.assign(new Error('Socket timed out without establishing a connection within 1000 ms'), { name: 'TimeoutError' })],
  ['connection refused', socketError('ECONNREFUSED')],
  ['connection reset', socketError('ECONNRESET')],
  ['broken pipe', socketError('EPIPE')],
  ['throttling', new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: metadata })],
  [
    'provisioned throughput exceeded',
    new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: metadata }),
  ],
  ['request limit exceeded', new RequestLimitExceeded({ message: 'Throughput exceeds the current throughput limit for your account.', $metadata: metadata })],
  ['internal server error', new InternalServerError({ message: 'Internal server error', $metadata: { ...metadata, httpStatusCode: 500 } })],
  [
    'service unavailable (503)',
    new DynamoDBServiceException({ name: 'ServiceUnavailable', $fault: 'server', message: 'Service unavailable', $metadata: { ...metadata, httpStatusCode: 503 } }),
  ],
  // the SDK's wrapper for a socket error from another realm (jest's vm): only the text survives
  ['connection refused, SDK-wrapped', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:42085')],
  // Powertools idempotency wraps the store's error when it cannot save its record
  ['a wrapped timeout', Object.assign(new Error('Failed to save in progress record to idempotency store'), { cause: socketError('ECONNREFUSED') })],
];

test.each(unavailable)('%s → 503 database_unavailable with Retry-After', (_label, error) => {
  const response = errorToResponse(error, 'req-7');
  expect(response.statusCode).toBe(503);
  expect(response.headers).toEqual({ 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
  expect(response.body).toEqual({
    error: { code: 'database_unavailable', message: 'the database is not answering; retry later' },
    requestId: 'req-7',
  });
});

const notUnavailable: [string, unknown][] = [
  ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'pk')")],
  ['a validation error from DynamoDB (our bug, not an outage)', new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'bad key', $metadata: metadata })],
  ['an unknown 5xx that is not 503', new DynamoDBServiceException({ name: 'Weird', $fault: 'server', message: 'x', $metadata: { httpStatusCode: 502 } })],
  ['a non-error value', 'ECONNREFUSED'],
  ['an SDK-wrapped value that is no socket error', new Error('AWS SDK error wrapper for [object Object]')],
];

test.each(notUnavailable)('%s stays a 500 internal_error', (_label, error) => {
  const response = errorToResponse(error, 'req-8');
  expect(response.statusCode).toBe(500);
  expect(response.body?.error.code).toBe('internal_error');
  expect(response.headers).toBeUndefined();
});
