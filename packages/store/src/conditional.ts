import { ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '@theta/assessment/errors';

/** Cancellation reasons of a transaction that lost to another writer (a condition, or a concurrent transaction). */
const LOST_RACE_REASONS: ReadonlySet<string> = new Set(['ConditionalCheckFailed', 'TransactionConflict']);
const LOST_RACE_ERRORS: ReadonlySet<string> = new Set(['ConditionalCheckFailedException', 'TransactionConflictException']);

/**
 * True when a write lost a race: a condition failed, alone or inside a transaction, or (real DynamoDB, never
 * DynamoDB Local, which serialises writes) another transaction held one of its items at the same moment. Either
 * way nothing was written and the stored state decides what happens next.
 */
export function isLostRace(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code !== undefined && LOST_RACE_REASONS.has(r.Code));
  }
  const name = (error as { name?: string } | null)?.name;
  return name !== undefined && LOST_RACE_ERRORS.has(name);
}

/** Runs a conditional write; a lost race becomes a ConflictError the API maps to 409. */
export async function conditionally<T>(write: () => Promise<T>, code: string, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isLostRace(error)) throw new ConflictError(code, message);
    throw error;
  }
}

/**
 * The optimistic-concurrency condition of a versioned record: it must still be at `previous`,
 * or not exist yet when there was no previous version.
 */
export function atVersion(previous: number | undefined): { ConditionExpression: string; ExpressionAttributeValues?: Record<string, number> } {
  return previous === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': previous } };
}
