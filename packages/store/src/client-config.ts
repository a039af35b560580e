import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

// How long one DynamoDB call may take before the request fails fast (503 database_unavailable)
// instead of hanging until the Lambda timeout (10 s, infra DEFAULT_TIMEOUT_SECONDS) turns it into a 500.
// The one definition: packages/store's client uses it in Lambda and in the local stack alike.
//
// Worst case of one call, every attempt stalled:
//   attempts × requestTimeout + (attempts − 1) × longest backoff
//   = 2 × 2000 ms + 1 × 2000 ms = 6000 ms, 4 s under the 10 s Lambda timeout.
// The longest backoff is the SDK standard mode's for throttling: random × min(20 s, 1000 ms × 2^retry)
// on the first retry ≤ 2000 ms (timeouts and connection errors back off ≤ 100 ms).
// requestTimeout counts from the start of the attempt and includes connecting (throwOnRequestTimeout
// makes it an error; without it the SDK only warns and keeps waiting).

export interface DynamoDbTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  maxBackoffMs: number;
}

export const DYNAMODB_TIMEOUTS: Readonly<DynamoDbTimeouts> = {
  /** TCP connect to DynamoDB; a dead endpoint (no listener) is refused at once anyway */
  connectionTimeoutMs: 1000,
  /** one attempt, from start to the last byte of the answer (DynamoDB answers in milliseconds) */
  requestTimeoutMs: 2000,
  /** the first try and one retry */
  maxAttempts: 2,
  /** upper bound of the SDK's wait between attempts (throttling), for the arithmetic above */
  maxBackoffMs: 2000,
};

/** the longest one DynamoDB call can take before it fails: the bound tests and docs quote */
export function worstCaseCallMs(timeouts: Readonly<DynamoDbTimeouts> = DYNAMODB_TIMEOUTS): number {
  return timeouts.maxAttempts * timeouts.requestTimeoutMs + (timeouts.maxAttempts - 1) * timeouts.maxBackoffMs;
}

/** the DynamoDBClient settings that apply the bound (region and endpoint come from the environment) */
export function boundedClientConfig(timeouts: Readonly<DynamoDbTimeouts> = DYNAMODB_TIMEOUTS): DynamoDBClientConfig {
  return {
    maxAttempts: timeouts.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
