import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDefinition, type TableKey, tableEnvVar } from '@theta/store/tables';

export type TableNames = Record<TableKey, string>;

/** Prefix of `npm start` tables; test files use their own prefix to stay isolated. */
export const DEFAULT_TABLE_PREFIX = 'theta-';

const TABLE_KEYS = Object.keys(TABLES) as TableKey[];

/** Physical table name per TABLES key: `<prefix><key>`, e.g. theta-sessions. */
export function localTableNames(prefix: string = DEFAULT_TABLE_PREFIX): TableNames {
  return Object.fromEntries(TABLE_KEYS.map((key) => [key, `${prefix}${key}`])) as TableNames;
}

/** The THETA_TABLE_* variables through which functions find their tables. */
export function tableEnvironment(names: TableNames): Record<string, string> {
  return Object.fromEntries(TABLE_KEYS.map((key) => [tableEnvVar(key), names[key]]));
}

/** CreateTable input equivalent to what infra/ deploys for one TABLES entry. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const keySchema = (partition: TableDefinition['partitionKey'], sort?: TableDefinition['sortKey']): KeySchemaElement[] => {
    attributes.set(partition.name, { AttributeName: partition.name, AttributeType: partition.type });
    const schema: KeySchemaElement[] = [{ AttributeName: partition.name, KeyType: 'HASH' }];
    if (sort) {
      attributes.set(sort.name, { AttributeName: sort.name, AttributeType: sort.type });
      schema.push({ AttributeName: sort.name, KeyType: 'RANGE' });
    }
    return schema;
  };
  const tableKeySchema = keySchema(definition.partitionKey, definition.sortKey);
  const globalIndexes = (definition.globalIndexes ?? []).map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: tableKeySchema,
    AttributeDefinitions: [...attributes.values()],
    ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

export interface EnsureTablesResult {
  created: string[];
  existing: string[];
  /** existing tables whose keys or indexes no longer match TABLES (an old on-disk database) */
  drifted: string[];
}

/**
 * Creates every TABLES table that does not exist yet, then makes sure TTL is on where the
 * definition asks for it. Idempotent: existing tables are left alone (and checked for drift).
 */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<EnsureTablesResult> {
  const result: EnsureTablesResult = { created: [], existing: [], drifted: [] };
  await Promise.all(
    TABLE_KEYS.map(async (key) => {
      const definition = TABLES[key];
      const input = createTableInput(definition, names[key]);
      try {
        await client.send(new CreateTableCommand(input));
        result.created.push(names[key]);
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        result.existing.push(names[key]);
        const described = await client.send(new DescribeTableCommand({ TableName: names[key] }));
        if (described.Table && !matchesDefinition(described.Table, input)) result.drifted.push(names[key]);
      }
      if (definition.timeToLiveAttribute) await ensureTimeToLive(client, names[key], definition.timeToLiveAttribute);
    }),
  );
  return result;
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttl = current.TimeToLiveDescription;
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === attributeName) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName },
    }),
  );
}

function matchesDefinition(table: TableDescription, wanted: CreateTableCommandInput): boolean {
  const keys = (schema: KeySchemaElement[] | undefined) =>
    JSON.stringify((schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`));
  if (keys(table.KeySchema) !== keys(wanted.KeySchema)) return false;
  const indexes = (list: { IndexName?: string; KeySchema?: KeySchemaElement[] }[] | undefined) =>
    JSON.stringify((list ?? []).map((i) => `${i.IndexName}=${keys(i.KeySchema)}`).sort());
  return indexes(table.GlobalSecondaryIndexes) === indexes(wanted.GlobalSecondaryIndexes);
}

/** Deletes the given tables; missing ones are fine (a test file cleaning up after itself). */
export async function deleteTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    Object.values(names).map(async (tableName) => {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }),
  );
}
