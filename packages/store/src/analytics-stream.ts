// Response rows as they leave the sessions table for analytics (DynamoDB → Kinesis Data Streams → Firehose →
// Parquet in S3; docs/insights.md): a change record's NewImage, back to a theta-response-log/v1 record.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ResponseLogRecord } from '@theta/irt';
import { responseRowToRecord } from './repositories/response-log-repository';

/** The change record DynamoDB writes to its Kinesis stream (the fields used here). */
export interface DynamoKinesisChange {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> };
}

/** A newly inserted placement or quiz RESP row as a log record; undefined for every other change (sessions, updates, removals). */
export function responseRecordFromChange(change: DynamoKinesisChange): ResponseLogRecord | undefined {
  if (change.eventName !== 'INSERT' || !change.dynamodb?.NewImage) return undefined;
  const row = unmarshall(change.dynamodb.NewImage);
  if (typeof row.sk !== 'string' || !row.sk.startsWith('RESP#')) return undefined;
  return responseRowToRecord(row);
}
