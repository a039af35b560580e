import { randomBytes } from 'node:crypto';
import { createLocalDynamoDbClients, deleteTables, ensureTables, localTableNames, type LocalDynamoDbClients, type TableNames } from '@theta/local';
import { sharedDynamoDbEndpoint } from './shared-dynamodb';

export interface FreshTables {
  clients: LocalDynamoDbClients;
  names: TableNames;
}

/**
 * Registers beforeAll/afterAll hooks that give the calling test file its own uniquely named tables on the run's
 * shared DynamoDB Local, and drop them afterwards. Read the fields inside tests or later hooks (set by then).
 */
export function useFreshTables(label: string): FreshTables {
  const tables = {} as FreshTables;
  beforeAll(async () => {
    const endpoint = sharedDynamoDbEndpoint();
    if (!endpoint) throw new Error('run under jest: the global setup starts DynamoDB Local');
    tables.clients = createLocalDynamoDbClients(endpoint);
    tables.names = localTableNames(`${label}-${randomBytes(3).toString('hex')}-`);
    await ensureTables(tables.clients.client, tables.names);
  });
  afterAll(async () => {
    if (!tables.clients) return;
    await deleteTables(tables.clients.client, tables.names);
    tables.clients.destroy();
  });
  return tables;
}
