import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * Every row of a Query, following LastEvaluatedKey, or the first `maxRows` of them (publish-time, audit and
 * scheduled reads; request paths read one page).
 */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  maxRows = Infinity,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const left = maxRows - rows.length;
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start, ...(Number.isFinite(left) ? { Limit: left } : {}) }));
    rows.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && rows.length < maxRows);
  return rows;
}
