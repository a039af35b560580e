import { DynamoTrackDefinitionStore, documentClient, tableName } from '@theta/store';

/** track definitions (docs/tracks.md, "Track definitions"): the bank table */
export function trackDefinitionStore(): DynamoTrackDefinitionStore {
  return new DynamoTrackDefinitionStore(documentClient(), tableName('bank'));
}
