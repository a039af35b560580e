// Firehose transformation Lambda of the analytics path (infra/lib/constructs/analytics.ts): sessions- and
// taskers-table changes from Kinesis in, the rows of the invoking delivery stream's kind out — responses,
// enrollments, measurements or track changes (packages/insights/src/firehose-transform.ts).
import { type FirehoseTransformEvent, transformRecords } from '@theta/insights/firehose';
import { type DynamoKinesisChange, enrollmentRecordFromChange, measurementRecordsFromChange, responseRecordFromChange, trackChangeRecordFromChange } from '@theta/store';

export const handler = async (event: FirehoseTransformEvent) =>
  transformRecords(event, {
    responses: (change) => responseRecordFromChange(change as DynamoKinesisChange),
    enrollments: (change) => enrollmentRecordFromChange(change as DynamoKinesisChange),
    measurements: (change) => measurementRecordsFromChange(change as DynamoKinesisChange),
    track_changes: (change) => trackChangeRecordFromChange(change as DynamoKinesisChange),
  });
