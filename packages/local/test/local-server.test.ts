import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createJwtAuthorizer, generateIssuerKeys, type LocalServer, startLocalServer } from '@theta/local';
import { PNG_BASE64 } from './fixtures/handlers/programmable';
import { FIXTURE_ROUTES } from './fixtures/routes';

interface EchoBody {
  event: APIGatewayProxyEventV2;
  context: Record<string, unknown>;
}

describe('local HTTP server (API Gateway HTTP API + Lambda proxy, payload 2.0)', () => {
  let server: LocalServer;
  const handlerErrors: string[] = [];

  beforeAll(async () => {
    const keys = await generateIssuerKeys();
    server = await startLocalServer({
      routes: FIXTURE_ROUTES,
      authorizer: createJwtAuthorizer({ jwks: keys.jwks, issuer: 'https://issuer.test', audience: ['aud'] }),
      integrationTimeoutMs: 1500,
      maxPayloadBytes: 1024,
      onHandlerError: (routeId) => handlerErrors.push(routeId),
    });
  });
  afterAll(() => server.close());

  const call = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  const echo = async (path: string, init?: RequestInit): Promise<EchoBody> => {
    const response = await call(path, init);
    expect(response.status).toBe(200);
    return (await response.json()) as EchoBody;
  };

  describe('the event a handler receives', () => {
    it('matches the payload 2.0 example shape field by field', async () => {
      const { event, context } = await echo('/v1/items/42?tag=a&tag=b&q=x%20y', {
        headers: { 'User-Agent': 'shape-test', 'X-Custom': 'one', Cookie: 'c1=v1; c2=v2' },
      });
      expect(Object.keys(event).sort()).toEqual(
        ['cookies', 'headers', 'isBase64Encoded', 'pathParameters', 'queryStringParameters', 'rawPath', 'rawQueryString', 'requestContext', 'routeKey', 'version'].sort(),
      );
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'GET /v1/items/{id}',
        rawPath: '/v1/items/42',
        rawQueryString: 'tag=a&tag=b&q=x%20y',
        cookies: ['c1=v1', 'c2=v2'],
        queryStringParameters: { tag: 'a,b', q: 'x y' },
        pathParameters: { id: '42' },
        isBase64Encoded: false,
      });
      expect(event.body).toBeUndefined();
      expect(event.headers).toMatchObject({
        'user-agent': 'shape-test',
        'x-custom': 'one',
        host: `127.0.0.1:${server.port}`,
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': String(server.port),
        'x-forwarded-proto': 'http',
      });
      expect(event.headers).not.toHaveProperty('cookie');

      const rc = event.requestContext;
      expect(Object.keys(rc).sort()).toEqual(
        ['accountId', 'apiId', 'domainName', 'domainPrefix', 'http', 'requestId', 'routeKey', 'stage', 'time', 'timeEpoch'].sort(),
      );
      expect(rc).toMatchObject({
        accountId: expect.stringMatching(/^\d{12}$/),
        apiId: 'local',
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: { method: 'GET', path: '/v1/items/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'shape-test' },
        routeKey: 'GET /v1/items/{id}',
        stage: '$default',
      });
      expect(rc.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(rc.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(Math.abs(rc.timeEpoch - Date.now())).toBeLessThan(10_000);

      expect(context).toMatchObject({
        functionName: 'GetItem',
        functionVersion: '$LATEST',
        invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:GetItem$/),
        memoryLimitInMB: '512',
        awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        logGroupName: '/aws/lambda/GetItem',
        logStreamName: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      });
      expect(context.remainingTimeInMillis).toBeGreaterThan(1000);
      expect(context.remainingTimeInMillis).toBeLessThanOrEqual(1500);
    });

    it('joins duplicate request headers with commas', async () => {
      const headers = new Headers();
      headers.append('x-dup', 'one');
      headers.append('x-dup', 'two');
      const { event } = await echo('/public/echo', { headers });
      // fetch itself folds duplicates into "one, two"; the raw-socket case is covered in the unit test
      expect(event.headers['x-dup']).toMatch(/^one,\s?two$/);
    });

    it('passes a JSON body as text and a binary body base64-encoded', async () => {
      const json = await echo('/public/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' });
      expect(json.event).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false, routeKey: 'POST /public/echo' });

      const bytes = Buffer.from([0, 159, 146, 150, 255]);
      const binary = await echo('/public/echo', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
      expect(binary.event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
      expect(binary.event.headers['content-length']).toBe('5');
    });

    it('hands {proxy+} the rest of the path', async () => {
      const { event } = await echo('/files/a/b%20c/d.txt');
      expect(event).toMatchObject({ routeKey: 'GET /files/{proxy+}', rawPath: '/files/a/b%20c/d.txt', pathParameters: { proxy: 'a/b c/d.txt' } });
    });
  });

  describe('mapping the handler result back', () => {
    it('applies the default-200 rule to results without statusCode', async () => {
      for (const [mode, body] of [
        ['object', '{"hello":"world","n":1}'],
        ['string', '"just a string"'],
        ['array', '[1,2,3]'],
        ['undefined', 'null'],
      ]) {
        const response = await call(`/programmable?mode=${mode}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.text()).toBe(body);
      }
    });

    it('sends structured results with headers and one set-cookie per cookie', async () => {
      const response = await call('/programmable?mode=cookies');
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(response.headers.get('x-custom')).toBe('7');
      expect(response.headers.get('x-flag')).toBe('true');
      expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly; Path=/', 'theme=dark']);
      expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
      expect(await response.text()).toBe('with cookies');
    });

    it('decodes base64 response bodies', async () => {
      const response = await call('/programmable?mode=binary');
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(PNG_BASE64, 'base64'));
    });

    it('sends an empty body for a structured result without one', async () => {
      const response = await call('/programmable?mode=empty');
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    });
  });

  describe('what API Gateway answers itself', () => {
    const expectGatewayMessage = async (response: Response, status: number, message: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ message });
    };

    it('404 for an unknown path', async () => {
      await expectGatewayMessage(await call('/nowhere'), 404, 'Not Found');
    });

    it('405 with an allow header for a known path and another method', async () => {
      const response = await call('/v1/items/1', { method: 'PUT', body: 'x' });
      expect(response.headers.get('allow')).toBe('DELETE, GET');
      await expectGatewayMessage(response, 405, 'Method Not Allowed');
    });

    it('413 past the payload limit, without calling the handler', async () => {
      const before = handlerErrors.length;
      await expectGatewayMessage(await call('/public/echo', { method: 'POST', body: 'x'.repeat(1025) }), 413, 'Request Entity Too Large');
      const exactlyAtLimit = await call('/public/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1024) });
      expect(exactlyAtLimit.status).toBe(200);
      expect(handlerErrors.length).toBe(before);
    });

    it('500 Internal Server Error when the handler throws or rejects', async () => {
      await expectGatewayMessage(await call('/programmable?mode=throw'), 500, 'Internal Server Error');
      await expectGatewayMessage(await call('/programmable?mode=reject'), 500, 'Internal Server Error');
      expect(handlerErrors).toContain('Programmable');
    });

    it('500 when the result cannot be mapped (non-string body, bad statusCode)', async () => {
      await expectGatewayMessage(await call('/programmable?mode=invalid-body'), 500, 'Internal Server Error');
      await expectGatewayMessage(await call('/programmable?mode=invalid-status'), 500, 'Internal Server Error');
    });

    it('500 when the entry module cannot be loaded', async () => {
      await expectGatewayMessage(await call('/missing-handler'), 500, 'Internal Server Error');
    });

    it('503 Service Unavailable at the integration timeout', async () => {
      const started = Date.now();
      await expectGatewayMessage(await call('/programmable?mode=slow&ms=2000'), 503, 'Service Unavailable');
      expect(Date.now() - started).toBeLessThan(1900);
    });

    it('500 when the function times out before the integration does', async () => {
      // 1 s function timeout (route.timeoutSeconds) is below the 1.5 s integration timeout
      await expectGatewayMessage(await call('/programmable/short-timeout?mode=slow&ms=1400'), 500, 'Internal Server Error');
    });
  });
});
