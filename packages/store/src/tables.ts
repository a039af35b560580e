// The one definition of Theta's DynamoDB tables. infra/ turns it into CloudFormation;
// packages/local creates the same tables in DynamoDB Local. Nothing else describes a table.

export type TableKey = 'bank' | 'sessions' | 'taskers' | 'idempotency';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface TableDefinition {
  key: TableKey;
  /** what the table holds, for docs and the CloudFormation description */
  purpose: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes?: GlobalIndexDefinition[];
  /** attribute holding an epoch-seconds expiry, when items expire */
  timeToLiveAttribute?: string;
  /** DynamoDB stream, when something downstream reacts to changes */
  stream?: 'NEW_IMAGE';
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

export const TABLES: Record<TableKey, TableDefinition> = {
  bank: {
    key: 'bank',
    purpose: 'Item bank (content, keys, parameters), blueprints and compiled bank snapshots',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: [
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      // practice items per skill (sparse): the candidates of a quiz; the calibration, course and blueprint lists (keys.ts)
      { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    ],
  },
  sessions: {
    key: 'sessions',
    purpose: 'Placement and practice sessions: CAT state, responses; idle sessions expire',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: [
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      // scored responses by day (sparse: RESP rows only), in time order: the response log export (keys.responseByDay)
      { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
  taskers: {
    key: 'taskers',
    purpose: 'Tasker proficiency per skill with history, track and routing audit trail, event outbox',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: [
      // taskers by general track (sparse: PROFILE rows with a track), newest assignment first: ops' list (keys.taskerByTrack)
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    ],
    stream: 'NEW_IMAGE',
  },
  idempotency: {
    key: 'idempotency',
    purpose: 'Powertools idempotency records for retried requests; per-caller request counters (rate limits)',
    partitionKey: { name: 'id', type: 'S' },
    timeToLiveAttribute: 'expiration',
  },
};

/** Environment variable through which a function learns a table's physical name. */
export function tableEnvVar(key: TableKey): string {
  return `THETA_TABLE_${key.toUpperCase()}`;
}
