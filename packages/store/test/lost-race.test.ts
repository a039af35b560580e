// Which DynamoDB errors mean "another writer came first" (nothing written; the caller re-reads) and which do not.
// The SDK's own exception classes, as the client raises them. DynamoDB Local serialises writes, so it never
// produces a TransactionConflict: these cases exist only on real DynamoDB.
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { ConflictError } from '@theta/assessment/errors';
import { conditionally, isLostRace } from '../src/conditional';

const meta = { $metadata: {} };
const cancelled = (...codes: (string | undefined)[]) =>
  new TransactionCanceledException({ ...meta, message: 'Transaction cancelled', CancellationReasons: codes.map((Code) => (Code ? { Code } : {})) });

test.each([
  ['a failed condition', new ConditionalCheckFailedException({ ...meta, message: 'The conditional request failed' })],
  ['a transaction cancelled by a condition', cancelled('None', 'ConditionalCheckFailed')],
  ['a transaction cancelled by a concurrent transaction', cancelled(undefined, 'TransactionConflict')],
  ['a single write that met a transaction in progress', new TransactionConflictException({ ...meta, message: 'Transaction is ongoing for the item' })],
])('%s is a lost race', (_label, error) => {
  expect(isLostRace(error)).toBe(true);
});

test.each([
  ['a transaction cancelled for capacity', cancelled('None', 'ProvisionedThroughputExceeded')],
  ['a transaction cancelled by a validation error', cancelled('ValidationError')],
  ['throttling', new ProvisionedThroughputExceededException({ ...meta, message: 'slow down' })],
  ['any other error', new Error('socket hang up')],
  ['a thrown non-error', 'boom'],
])('%s is not', (_label, error) => {
  expect(isLostRace(error)).toBe(false);
});

test('conditionally turns a lost race into a ConflictError with the given code, and rethrows anything else', async () => {
  const lost = conditionally(() => Promise.reject(cancelled('TransactionConflict')), 'placement_changed', 'changed');
  await expect(lost).rejects.toBeInstanceOf(ConflictError);
  await expect(lost).rejects.toMatchObject({ code: 'placement_changed', message: 'changed' });
  const other = new ProvisionedThroughputExceededException({ ...meta, message: 'slow down' });
  await expect(conditionally(() => Promise.reject(other), 'placement_changed', 'changed')).rejects.toBe(other);
});
