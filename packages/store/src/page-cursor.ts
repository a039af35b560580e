// The one page-cursor codec: base64url JSON of the key fields a list needs to resume. Each list decodes with its own
// `accept`, which checks the cursor is a key of that list (and rebuilds what the path fixes, e.g. the tasker's
// partition), so a cursor can never read rows of another list; anything else is the same 422 naming `cursor`.
import { UnprocessableError } from '@theta/assessment';

export const encodeCursor = (fields: Record<string, unknown>): string => Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');

/** `what` names the list in the 422 (e.g. "this audit") */
export function decodeCursor<T>(cursor: string, what: string, accept: (fields: Record<string, unknown>) => T | undefined): T {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    fields = undefined;
  }
  const key = fields !== null && typeof fields === 'object' && !Array.isArray(fields) ? accept(fields as Record<string, unknown>) : undefined;
  if (key === undefined) throw new UnprocessableError('invalid_cursor', `cursor: not a cursor of ${what}`, { field: 'cursor' });
  return key;
}
