import * as z from 'zod';
import { type TableKey, TABLES, tableEnvVar } from './tables';

// Read once at module load. A function only gets the env vars of the tables its route lists,
// so a missing name is an error only when that table is used.
const EnvSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** set only for DynamoDB Local */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

const env = EnvSchema.parse(process.env);

export const storeConfig = {
  region: env.AWS_REGION,
  endpoint: env.DYNAMODB_ENDPOINT,
};

export function tableName(key: TableKey): string {
  const name = process.env[tableEnvVar(key)];
  if (!name) throw new Error(`${tableEnvVar(key)} is not set: this function's route does not list the '${key}' table`);
  return name;
}

export const ALL_TABLE_KEYS = Object.keys(TABLES) as TableKey[];
