// A page cursor within one tasker's partition: the last sort key read, base64url JSON. Decoding checks it is a key
// of the rows being listed (its prefix) and rebuilds the partition key from the path's tasker, so a cursor can never
// read another tasker's rows.
import { UnprocessableError } from '@theta/assessment';

export const encodePartitionCursor = (lastKey: Record<string, unknown>): string => Buffer.from(JSON.stringify({ sk: lastKey.sk }), 'utf8').toString('base64url');

/** `what` names the list in the 422 (e.g. "this audit") */
export function decodePartitionCursor(pk: string, skPrefix: string, cursor: string, what: string): { pk: string; sk: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof parsed.sk === 'string' && parsed.sk.startsWith(skPrefix)) return { pk, sk: parsed.sk };
  } catch {
    // fall through: not base64url JSON
  }
  throw new UnprocessableError('invalid_cursor', `cursor: not a cursor of ${what}`, { field: 'cursor' });
}
