import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TrackDefinition, TrackDefinitionStore } from '@theta/assessment';
import { atVersion, conditionally } from '../conditional';
import { keys } from '../keys';
import { queryAll } from '../query-all';

const toDefinition = (row: Record<string, unknown>): TrackDefinition => {
  const { pk: _pk, sk: _sk, entity: _e, ...def } = row;
  return def as unknown as TrackDefinition;
};

/**
 * Track definitions in the bank table, partition `TRACKDEFS`: an immutable `V#<id>#<version>` row per version and a
 * `CUR#<id>` row holding the current version in full, both written in one conditional transaction.
 */
export class DynamoTrackDefinitionStore implements TrackDefinitionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listTrackDefinitions(): Promise<TrackDefinition[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cur)',
      ExpressionAttributeValues: { ':pk': keys.trackDefs().pk, ':cur': 'CUR#' },
      ConsistentRead: true,
    });
    return rows.map(toDefinition);
  }

  async getTrackDefinition(id: string, version?: number): Promise<TrackDefinition | undefined> {
    const Key = version === undefined ? keys.trackDefCurrent(id) : keys.trackDefVersion(id, version);
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
    return out.Item ? toDefinition(out.Item) : undefined;
  }

  async putTrackDefinition(def: TrackDefinition): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              // the pointer moves only from the version the writer read
              { Put: { TableName: this.table, Item: { ...keys.trackDefCurrent(def.id), entity: 'track-current', ...def }, ...atVersion(def.version > 1 ? def.version - 1 : undefined) } },
              // versions are immutable: never overwritten
              { Put: { TableName: this.table, Item: { ...keys.trackDefVersion(def.id, def.version), entity: 'track-version', ...def }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        ),
      'track_definition_changed',
      `track '${def.id}' changed since it was read`,
    );
  }
}
