import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { httpConfig } from './config';
import { errorToResponse } from './error-mapper';
import { readJsonBody } from './json-body';
import { logger } from './logger';
import { metrics } from './metrics';
import { type Principal, principalFromEvent, requireRole, type Role } from './principal';
import { enforceRateLimits, type RateLimiter, type RateLimitRule } from './rate-limit';
import { type HttpResponse, toApiGatewayResult } from './responses';
import { tracer } from './tracer';
import { validateParts } from './validation';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerSpec<A extends 'public' | readonly Role[], B, P, Q, H> {
  /** 'public' or the roles allowed (any one of them suffices) */
  access: A;
  body?: B;
  params?: P;
  query?: Q;
  headers?: H;
  /** body size limit for this route; default THETA_MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /** per-caller limits, counted after validation (a refused request writes nothing else): needs `options.limiter` */
  rateLimits?: readonly RateLimitRule[];
}

export interface HandlerOptions {
  /** counts requests for `spec.rateLimits` */
  limiter?: RateLimiter;
}

export interface HandlerRequest<A, B, P, Q, H> {
  principal: A extends 'public' ? undefined : Principal;
  body: Infer<B>;
  params: Infer<P>;
  query: Infer<Q>;
  headers: Infer<H>;
  requestId: string;
  event: APIGatewayProxyEventV2;
  context: Context;
}

function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The one way to write an HTTP function: authenticate, authorize, parse and validate,
 * call the domain, map errors. The function body sees only typed, validated input.
 */
export function createHandler<
  A extends 'public' | readonly Role[],
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  H extends Schema | undefined = undefined,
>(
  spec: HandlerSpec<A, B, P, Q, H>,
  run: (request: HandlerRequest<A, B, P, Q, H>) => Promise<HttpResponse>,
  options: HandlerOptions = {},
): ApiHandler {
  const limits = spec.rateLimits ?? [];
  // fail at module load, not on the first request: a limited route without a limiter would silently serve everyone
  if (limits.length > 0 && !options.limiter) throw new Error(`a route with rate limits (${limits.map((l) => l.name).join(', ')}) needs options.limiter`);
  const core = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    let principal: Principal | undefined;
    if (spec.access !== 'public') {
      principal = principalFromEvent(event);
      requireRole(principal, ...(spec.access as readonly Role[]));
    }
    const parts = validateParts<{ body?: unknown; path?: unknown; query?: unknown; headers?: unknown }>({
      ...(spec.params ? { path: { schema: spec.params, value: event.pathParameters ?? {} } } : {}),
      ...(spec.query ? { query: { schema: spec.query, value: event.queryStringParameters ?? {} } } : {}),
      ...(spec.headers ? { headers: { schema: spec.headers, value: event.headers ?? {} } } : {}),
      ...(spec.body ? { body: { schema: spec.body, value: readJsonBody(event, spec.maxBodyBytes ?? httpConfig.THETA_MAX_BODY_BYTES) } } : {}),
    });
    if (options.limiter && limits.length > 0) await enforceRateLimits(options.limiter, limits, principal, parts.body, Date.now());
    const response = await run({
      principal: principal as HandlerRequest<A, B, P, Q, H>['principal'],
      body: parts.body as Infer<B>,
      params: parts.path as Infer<P>,
      query: parts.query as Infer<Q>,
      headers: parts.headers as Infer<H>,
      requestId: event.requestContext.requestId,
      event,
      context,
    });
    return toApiGatewayResult(response);
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // responses are not captured: they may carry a tasker's items and results, and X-Ray is no place for them
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    // the API Gateway request id, which every error body carries as `requestId`, on every log line of
    // this invocation (`correlation_id`): a client's report leads straight to the log (Lambda's own id is
    // `function_request_id`). resetKeys drops it after the invocation.
    .use({ before: (request) => logger.setCorrelationId(request.event.requestContext?.requestId) })
    .use({
      // publish only when a function counted something (Powertools' logMetrics warns on every empty flush)
      after: flushMetrics,
      onError: flushMetrics,
    })
    .use({
      onError: (request) => {
        request.response = toApiGatewayResult(errorToResponse(request.error, request.event.requestContext?.requestId));
      },
    })
    .handler(core) as unknown as ApiHandler;
}
