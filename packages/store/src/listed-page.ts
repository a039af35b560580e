// One page of a gsi2 list in the bank table (calibration runs, courses, blueprints), newest first: one Query of the
// list's partition. Its cursor is the last row's whole key (table and gsi2); a cursor of any other list, or a key
// that is not one of this list's rows, is the 422 of page-cursor.ts before it reaches DynamoDB.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './page-cursor';

export interface ListedRows {
  /** the gsi2 partition of the list (`keys.calibrationListed('', '').gsi2pk`, …) */
  list: string;
  /** the listed rows' table keys: partition prefix and sort key */
  pkPrefix: string;
  sk: string;
  /** names the list in the 422 */
  what: string;
}

export async function listedPage(db: DynamoDBDocumentClient, table: string, rows: ListedRows, limit: number, cursor?: string): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
  const start = cursor
    ? decodeCursor(cursor, rows.what, (key) => {
        const { pk, sk, gsi2pk, gsi2sk } = key;
        return typeof pk === 'string' && pk.startsWith(rows.pkPrefix) && sk === rows.sk && gsi2pk === rows.list && typeof gsi2sk === 'string' && Object.keys(key).length === 4 ? { pk, sk, gsi2pk, gsi2sk } : undefined;
      })
    : undefined;
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': rows.list },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}) };
}
