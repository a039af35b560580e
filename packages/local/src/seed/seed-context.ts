import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../dynamodb/tables';

/** What every seeding step gets: the tables of this stack and somewhere to report. */
export interface SeedContext {
  ddb: DynamoDBDocumentClient;
  tableNames: TableNames;
  log: (message: string) => void;
}
