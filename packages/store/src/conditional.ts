import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '@theta/assessment/errors';

/** True when a write lost a race: a condition failed, alone or inside a transaction. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  const name = (error as { name?: string } | null)?.name;
  return name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write; a failed condition becomes a ConflictError the API maps to 409. */
export async function conditionally<T>(write: () => Promise<T>, code: string, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(code, message);
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
