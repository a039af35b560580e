import * as z from 'zod';
import { type TableKey, tableEnvVar } from './tables';

const EnvSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** set only for DynamoDB Local */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export interface StoreConfig {
  region: string;
  endpoint: string | undefined;
}

export function parseStoreConfig(env: NodeJS.ProcessEnv): StoreConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { region: parsed.data.AWS_REGION, endpoint: parsed.data.DYNAMODB_ENDPOINT };
}

/** A function only gets the env vars of the tables its route lists: a missing name is an error only when used. */
export function tableName(key: TableKey): string {
  const name = process.env[tableEnvVar(key)];
  if (!name) throw new Error(`${tableEnvVar(key)} is not set: this function's route does not list the '${key}' table`);
  return name;
}
