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

interface StoredOutcome {
  json: string;
}
const isStoredOutcome = (v: unknown): v is StoredOutcome => typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof (v as StoredOutcome).json === 'string';

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
  // The outcome is stored as JSON text, not as a DynamoDB map: a map comes back with its keys in another order, and a
  // replay must be the first reply byte for byte (the load run's audit found StartPlacement replays reordered).
  const idempotent = makeIdempotent(async (call: IdempotentCall<TInput>): Promise<StoredOutcome> => ({ json: JSON.stringify(await command(call)) }), { persistenceStore, config });
  return async (call, context) => {
    config.registerLambdaContext(context);
    try {
      const stored: StoredOutcome | TOutput = await idempotent(call);
      // records written before outcomes were stored as text hold the outcome itself (they expire within a day)
      return isStoredOutcome(stored) ? (JSON.parse(stored.json) as TOutput) : stored;
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
