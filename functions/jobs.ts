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
  {
    id: 'RunBulkReroutes',
    description: 'previews and applies the bulk reroutes (POST /v1/bulk-reroutes), page by page',
    entry: 'functions/src/bulk-reroutes/run-bulk-reroutes.ts',
    everyMinutes: 1,
    // active jobs and the track's taskers on gsi1; job state and candidates by key, Query and transactional Puts;
    // each move as the one-tasker move does it (MOVEKEY and PROFILE by key, the PROFILE Update and Puts);
    // error-tag-rate: each tasker's sessions on the sessions' gsi1, their RESP rows by Query
    tables: { taskers: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], queryIndexes: ['gsi1'] }, sessions: { actions: ['Query'], queryIndexes: ['gsi1'] } },
    timeoutSeconds: 120,
  },
  {
    id: 'RunCalibrations',
    description: 'runs the queued calibrations (POST /v1/calibrations) over the logged responses',
    entry: 'functions/src/calibrations/run-calibrations.ts',
    everyMinutes: 2,
    // queued runs on gsi1 (CALIBRATION-QUEUE), the run and the blueprint by key, the items by BatchGet, the run's
    // state and report by Puts (one transaction on completion); the response log by Query on the sessions' gsi2,
    // the placements' declared profiles (DIF groups) by BatchGet
    tables: { bank: { actions: ['GetItem', 'BatchGetItem', 'PutItem'], queryIndexes: ['gsi1'] }, sessions: { actions: ['BatchGetItem'], queryIndexes: ['gsi2'] } },
    // EM over a large log is CPU-bound: a larger share of a vCPU, and minutes rather than an API's seconds
    memoryMb: 3008,
    timeoutSeconds: 900,
  },
];
