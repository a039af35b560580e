// The one route table. infra/ creates an API Gateway route + Lambda per entry;
// packages/local serves the same entries by importing each handler; the OpenAPI
// document is generated from the contracts listed here.
import type { AccessMode, TableKey } from '@theta/store/tables';
import * as catalog from './contracts/catalog';
import * as placements from './contracts/placements';
import * as system from './contracts/system';
import * as taskers from './contracts/taskers';
import type { RouteContract } from './contracts/shared';

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

  route({
    id: 'ImportItems',
    method: 'POST',
    path: '/v1/items/batch',
    entry: 'functions/src/catalog/import-items.ts',
    tables: { bank: 'readwrite' },
    timeoutSeconds: 29,
    memoryMb: 512,
    contract: catalog.importItems,
  }),
  route({
    id: 'PublishBlueprint',
    method: 'POST',
    path: '/v1/blueprints',
    entry: 'functions/src/catalog/publish-blueprint.ts',
    tables: { bank: 'readwrite' },
    timeoutSeconds: 29,
    memoryMb: 512,
    contract: catalog.publishBlueprint,
  }),

  route({
    id: 'StartPlacement',
    method: 'POST',
    path: '/v1/placements',
    entry: 'functions/src/placements/start-placement.ts',
    tables: { bank: 'read', sessions: 'readwrite', idempotency: 'readwrite' },
    // a full vCPU share: the CAT step and the SDK are CPU-bound, and this is on the tasker's critical path
    memoryMb: 1024,
    contract: placements.startPlacement,
  }),
  route({
    id: 'GetPlacementItem',
    method: 'GET',
    path: '/v1/placements/{id}/item',
    entry: 'functions/src/placements/get-placement-item.ts',
    tables: { bank: 'read', sessions: 'readwrite' },
    contract: placements.getPlacementItem,
  }),
  route({
    id: 'SubmitPlacementResponse',
    method: 'POST',
    path: '/v1/placements/{id}/responses',
    entry: 'functions/src/placements/submit-placement-response.ts',
    tables: { bank: 'read', sessions: 'readwrite', taskers: 'write', idempotency: 'readwrite' },
    memoryMb: 1024,
    contract: placements.submitPlacementResponse,
  }),
  route({
    id: 'GetPlacement',
    method: 'GET',
    path: '/v1/placements/{id}',
    entry: 'functions/src/placements/get-placement.ts',
    tables: { bank: 'read', sessions: 'readwrite' },
    contract: placements.getPlacement,
  }),
  route({
    id: 'GetTasker',
    method: 'GET',
    path: '/v1/taskers/{id}',
    entry: 'functions/src/taskers/get-tasker.ts',
    tables: { taskers: 'read' },
    contract: taskers.getTasker,
  }),
];
