import type { RateLimitRule } from './rate-limit';
import * as z from 'zod';
import type { Role } from './principal';

/** What OpenAPI needs to know about one route, besides its handler spec. */
export interface RouteDoc {
  method: string;
  path: string;
  summary: string;
  description?: string;
  access: 'public' | readonly Role[];
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType;
  /** the documented body shape when the domain validates the body itself (e.g. whole-batch reports) */
  documentedBody?: z.ZodType;
  maxBodyBytes?: number;
  /** per-caller limits (429 with Retry-After beyond them), documented as `x-theta-rate-limits` */
  rateLimits?: readonly RateLimitRule[];
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string().optional(),
});

function parametersOf(location: 'path' | 'query' | 'header', schema: z.ZodType | undefined): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** Builds the OpenAPI 3.1 document from the routes' zod schemas (the schemas that also validate requests). */
export function buildOpenApiDocument(routes: RouteDoc[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } } : {}),
      };
    }
    const errorStatuses = ['400', ...(route.access === 'public' ? [] : ['401', '403']), ...(route.rateLimits?.length ? ['429'] : []), '500'];
    for (const status of errorStatuses) {
      responses[status] ??= { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const operation: JsonSchema = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.access === 'public' ? { security: [] } : { 'x-theta-roles': route.access }),
      ...(route.rateLimits?.length ? { 'x-theta-rate-limits': route.rateLimits } : {}),
      parameters: [
        ...parametersOf('path', route.params),
        ...parametersOf('query', route.query),
        ...parametersOf('header', route.headers),
      ],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.documentedBody ?? route.body, 'input') } } } }
        : {}),
      responses,
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: toSchema(ErrorSchema, 'output') },
    },
  };
}
