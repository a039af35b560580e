// The one route table. infra/ creates an API Gateway route + Lambda per entry;
// packages/local serves the same entries by importing each handler; the OpenAPI
// document is generated from the contracts listed here.
import type { AccessMode, TableKey } from '@theta/store/tables';
import * as system from './contracts/system';
import type { RouteContract } from './contracts/system';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  /** unique PascalCase id; names the Lambda function and its log group */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/placements/{id} */
  path: string;
  /** handler module relative to the repo root; it exports `handler` */
  entry: string;
  /** true: no JWT authorizer (health, OpenAPI document); derived from the contract's access. Roles are checked in the handler. */
  public: boolean;
  /** the tables this function touches and how: IAM grants follow this exactly */
  tables?: Partial<Record<TableKey, AccessMode>>;
  /** publishes domain events (EventBridge in AWS, outbox locally) */
  publishesEvents?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** schemas and docs: the handler validates with them, OpenAPI is generated from them */
  contract: RouteContract;
}

const route = (r: Omit<RouteDefinition, 'public'>): RouteDefinition => ({ ...r, public: r.contract.access === 'public' });

export const ROUTES: RouteDefinition[] = [
  route({ id: 'GetHealth', method: 'GET', path: '/v1/health', entry: 'functions/src/system/get-health.ts', contract: system.getHealth }),
  route({ id: 'GetOpenApi', method: 'GET', path: '/v1/openapi.json', entry: 'functions/src/system/get-openapi.ts', contract: system.getOpenApi }),
  route({ id: 'GetMe', method: 'GET', path: '/v1/me', entry: 'functions/src/system/get-me.ts', contract: system.getMe }),
];
