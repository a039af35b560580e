// CORS preflight of the real route table: a browser may send every header a route reads.
import * as z from 'zod';
import type { RouteDefinition } from '@theta/functions/routes';
import { corsAllowHeaders } from '../lib/routes';
import { fixtureRoute } from './fixtures/routes';
import { synth } from './helpers';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

test('the real API allows idempotency-key in preflights (POST /v1/placements/{id}/responses requires it)', () => {
  const prod = synth({ context: { stage: 'prod', corsOrigins: 'https://app.theta.example' } });
  const [api] = Object.values(prod.template.findResources('AWS::ApiGatewayV2::Api') as Resources);
  const cors = api?.Properties.CorsConfiguration as { AllowHeaders: string[]; AllowMethods: string[]; AllowOrigins: string[] };
  expect(cors.AllowHeaders).toEqual(['authorization', 'content-type', 'idempotency-key']);
  expect(cors.AllowMethods).toContain('POST');
  expect(cors.AllowOrigins).toEqual(['https://app.theta.example']);
});

describe('corsAllowHeaders', () => {
  const withHeaders = (id: string, headers: z.ZodType): RouteDefinition => {
    const route = fixtureRoute({ id, method: 'POST', path: `/v1/${id}` });
    return { ...route, contract: { ...route.contract, headers } };
  };

  test('base headers plus each contract header, lower-cased, once', () => {
    const routes = [
      fixtureRoute({ id: 'Plain', method: 'GET', path: '/v1/plain' }),
      withHeaders('A', z.object({ 'X-Request-Tag': z.string() })),
      withHeaders('B', z.object({ 'x-request-tag': z.string().optional(), 'if-match': z.string() })),
    ];
    expect(corsAllowHeaders(routes)).toEqual(['authorization', 'content-type', 'if-match', 'x-request-tag']);
  });

  test('a headers schema whose keys cannot be read fails synth, naming the route', () => {
    expect(() => corsAllowHeaders([withHeaders('Opaque', z.record(z.string(), z.string()))])).toThrow(/route Opaque: contract headers must be a z.object/);
  });
});
