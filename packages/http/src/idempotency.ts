import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { ConflictError, UnprocessableError } from '@theta/assessment/errors';

export interface IdempotentCall<TInput> {
  /** what identifies the request: route, caller, resource and the client's Idempotency-Key */
  key: Record<string, string>;
  /** what must be identical on a retry with the same key */
  payload: TInput;
}

/**
 * Wraps a command so a retry with the same key returns the first outcome and writes nothing twice
 * (Powertools idempotency on DynamoDB). The same key with a different payload is a client error.
 */
export function idempotentCommand<TInput, TOutput>(
  persistenceStore: BasePersistenceLayer,
  command: (call: IdempotentCall<TInput>) => Promise<TOutput>,
  expiresAfterSeconds = 24 * 3600,
): (call: IdempotentCall<TInput>, context: Context) => Promise<TOutput> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds,
    throwOnNoIdempotencyKey: true,
  });
  const idempotent = makeIdempotent(command, { persistenceStore, config });
  return async (call, context) => {
    config.registerLambdaContext(context);
    try {
      return await idempotent(call);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ConflictError('request_in_progress', 'a request with this Idempotency-Key is still being processed; retry shortly');
      }
      if (error instanceof IdempotencyValidationError) {
        throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request body');
      }
      throw error;
    }
  };
}
