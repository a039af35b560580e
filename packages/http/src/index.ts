export { createHandler, type ApiHandler, type HandlerRequest, type HandlerSpec } from './handler';
export { httpConfig, parseHttpConfig, type HttpConfig } from './config';
export { errorToResponse } from './error-mapper';
export { RequestValidationError, PayloadTooLargeError, UnsupportedMediaTypeError, type FieldProblem } from './http-errors';
export { logger } from './logger';
export { ROLES, type Role, type Principal, principalFromEvent, requireRole, hasRole, parseGroupsClaim } from './principal';
export { ok, created, noContent, toApiGatewayResult, type HttpResponse, type ErrorBody } from './responses';
export { buildOpenApiDocument, type RouteDoc } from './openapi';
export { metrics, countMetric } from './metrics';
