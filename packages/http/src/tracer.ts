import middy from '@middy/core';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';

// X-Ray traces of every function (the function's Tracing.ACTIVE starts the segment; this adds the handler's
// subsegment, cold-start and service annotations, and errors). Off under the local stack (POWERTOOLS_TRACE_ENABLED).
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'theta' });

/** A non-HTTP function (scheduled jobs, stream and Firehose consumers) with the same X-Ray subsegment as createHandler's. */
export function traced<E, R>(handler: (event: E, context?: Context) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  const wrapped = middy<E, R, Error, Context>().use(captureLambdaHandler(tracer, { captureResponse: false })).handler((event, context) => handler(event, context));
  return (event, context) => wrapped(event, context ?? ({} as Context));
}
