// Firehose transformation Lambda of the analytics path (infra/lib/constructs/analytics.ts): sessions-table changes
// from Kinesis in, response rows for Parquet out (packages/insights/src/firehose-transform.ts).
import { type FirehoseTransformEvent, transformRecords } from '@theta/insights/firehose';
import { type DynamoKinesisChange, responseRecordFromChange } from '@theta/store';

export const handler = async (event: FirehoseTransformEvent) => transformRecords(event, (change) => responseRecordFromChange(change as DynamoKinesisChange));
