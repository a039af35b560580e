// A page cursor within one partition (a tasker's, a bulk reroute's): the last sort key read. Decoding checks it is a
// key of the rows being listed (its prefix) and takes the partition key from the path, so a cursor can never read
// another partition's rows.
import { decodeCursor, encodeCursor } from './page-cursor';

export const encodePartitionCursor = (lastKey: Record<string, unknown>): string => encodeCursor({ sk: lastKey.sk });

/** `what` names the list in the 422 (e.g. "this audit") */
export function decodePartitionCursor(pk: string, skPrefix: string, cursor: string, what: string): { pk: string; sk: string } {
  return decodeCursor(cursor, what, ({ sk }) => (typeof sk === 'string' && sk.startsWith(skPrefix) ? { pk, sk } : undefined));
}
