import * as z from 'zod';
// the side-effect-free entry: infra imports this file (via routes.ts) at synth time
import { ROLES } from '@theta/http/principal';
import type { RouteContract } from './shared';

export const getHealth = {
  summary: 'Liveness probe',
  access: 'public',
  responses: { 200: { description: 'the service is up', schema: z.object({ status: z.literal('ok'), service: z.string() }) } },
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
