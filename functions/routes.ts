// The one route table. infra/ creates an API Gateway route + Lambda per entry;
// packages/local serves the same entries by importing each handler.
import type { AccessMode, TableKey } from '@theta/store/tables';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  /** unique PascalCase id; names the Lambda function and its log group */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/placements/{id} */
  path: string;
  /** handler module relative to the repo root; it exports `handler` */
  entry: string;
  /** true: no JWT authorizer (health, OpenAPI document). Roles are checked in the handler. */
  public?: boolean;
  /** the tables this function touches and how: IAM grants follow this exactly */
  tables?: Partial<Record<TableKey, AccessMode>>;
  /** publishes domain events (EventBridge in AWS, outbox locally) */
  publishesEvents?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const ROUTES: RouteDefinition[] = [
  { id: 'GetHealth', method: 'GET', path: '/v1/health', entry: 'functions/src/system/get-health.ts', public: true },
  { id: 'GetMe', method: 'GET', path: '/v1/me', entry: 'functions/src/system/get-me.ts' },
];
