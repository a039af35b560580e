// The one table of scheduled jobs. infra/ creates a Lambda + EventBridge schedule per entry; packages/local runs
// the same handlers on a timer (npm start) or on demand (tests), under the same declared table access.
import type { TableKey } from '@theta/store/tables';
import type { TableAccess } from './routes';

export interface JobDefinition {
  /** unique PascalCase id; names the Lambda function and its log group */
  id: string;
  /** what it does, for the function's description */
  description: string;
  /** handler module relative to the repo root; it exports `handler` (an EventBridge scheduled event) */
  entry: string;
  /** how often it runs in AWS */
  everyMinutes: number;
  /** exactly the DynamoDB access it uses, as a route's `tables` */
  tables: Partial<Record<TableKey, TableAccess>>;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const JOBS: JobDefinition[] = [
  {
    id: 'ExpireIdlePlacements',
    description: 'expires placements idle past their deadline that nobody touched again',
    entry: 'functions/src/placements/expire-idle-placements.ts',
    everyMinutes: 5,
    // overdue slots on gsi1 (IDLE partition), the session by key, the expiry transaction (session Put + slot
    // Update), a slot whose deadline moved is updated; bank: the composition root needs its name only
    tables: { bank: { actions: [] }, sessions: { actions: ['GetItem', 'PutItem', 'UpdateItem'], queryIndexes: ['gsi1'] } },
    timeoutSeconds: 120,
  },
];
