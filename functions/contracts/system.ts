import * as z from 'zod';
// the side-effect-free entry: infra imports this file (via routes.ts) at synth time
import { ROLES } from '@theta/http/principal';
import type { RouteContract } from './shared';

export const getHealth = {
  summary: 'Readiness probe: the function runs and the database answers',
  access: 'public',
  responses: {
    200: {
      description: 'the service is up and DynamoDB answered',
      schema: z.object({ status: z.literal('ok'), service: z.string(), database: z.literal('ok') }),
    },
    503: {
      description: 'DynamoDB did not answer within the probe timeout; data routes answer 503 database_unavailable meanwhile',
      schema: z.object({ status: z.literal('degraded'), service: z.string(), database: z.literal('unavailable') }),
    },
  },
} as const satisfies RouteContract;

export const getMe = {
  summary: 'The caller, as the verified token describes them',
  access: ROLES,
  responses: {
    200: {
      description: 'subject and roles from the token',
      schema: z.object({ sub: z.string(), roles: z.array(z.enum(ROLES)) }),
    },
  },
} as const satisfies RouteContract;

export const getOpenApi = {
  summary: 'This API as an OpenAPI 3.1 document',
  access: 'public',
  responses: { 200: { description: 'the OpenAPI document' } },
} as const satisfies RouteContract;
