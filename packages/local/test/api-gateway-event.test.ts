import { buildApiGatewayEvent } from '@theta/local';
import { formatClfTime, isTextMediaType, newApiGatewayRequestId, parseQueryString } from '../src/server/api-gateway-event';

const baseRequest = {
  method: 'GET',
  url: '/v1/items/7',
  rawHeaders: ['Host', 'localhost:3000', 'User-Agent', 'jest'],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  httpVersion: '1.1',
  localPort: 3000,
};
const baseRoute = {
  routeKey: 'GET /v1/items/{id}',
  pathParameters: { id: '7' },
  requestId: 'JKJaXmPLvHcESHA=',
  now: new Date(Date.UTC(2020, 2, 12, 19, 3, 58, 390)),
  accountId: '123456789012',
  apiId: 'local',
};

describe('buildApiGatewayEvent (payload format 2.0)', () => {
  it('has the documented shape, without the optional fields that have no value', () => {
    const event = buildApiGatewayEvent(baseRequest, { ...baseRoute, pathParameters: undefined });
    expect(Object.keys(event).sort()).toEqual(['headers', 'isBase64Encoded', 'rawPath', 'rawQueryString', 'requestContext', 'routeKey', 'version']);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/items/{id}',
      rawPath: '/v1/items/7',
      rawQueryString: '',
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'GET', path: '/v1/items/7', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'GET /v1/items/{id}',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: 1584039838390,
      },
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases header names, comma-joins duplicates and adds the forwarding headers', () => {
    const event = buildApiGatewayEvent(
      {
        ...baseRequest,
        rawHeaders: ['Host', 'api.example.com', 'X-Multi', 'a', 'x-multi', 'b', 'Connection', 'keep-alive', 'X-Forwarded-For', '10.0.0.9'],
      },
      baseRoute,
    );
    expect(event.headers).toMatchObject({
      host: 'api.example.com',
      'x-multi': 'a,b',
      'x-forwarded-for': '10.0.0.9, 127.0.0.1',
      'x-forwarded-port': '3000',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.headers).not.toHaveProperty('connection');
    expect(event.requestContext.domainPrefix).toBe('api');
  });

  it('moves cookies out of the headers into the cookies array', () => {
    const event = buildApiGatewayEvent({ ...baseRequest, rawHeaders: ['Cookie', 'a=1; b=2', 'cookie', 'c=3'] }, baseRoute);
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('keeps the raw query string and decodes queryStringParameters, comma-joining duplicates', () => {
    const event = buildApiGatewayEvent({ ...baseRequest, url: '/v1/items/7?tag=a&tag=b&q=hello%20world&plus=a+b&flag' }, baseRoute);
    expect(event.rawQueryString).toBe('tag=a&tag=b&q=hello%20world&plus=a+b&flag');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', q: 'hello world', plus: 'a b', flag: '' });
    expect(event.rawPath).toBe('/v1/items/7');
  });

  it('passes text bodies as UTF-8 and everything else base64-encoded', () => {
    const json = buildApiGatewayEvent(
      { ...baseRequest, method: 'POST', rawHeaders: ['Content-Type', 'application/json; charset=utf-8'], body: Buffer.from('{"é":1}') },
      baseRoute,
    );
    expect(json).toMatchObject({ body: '{"é":1}', isBase64Encoded: false });
    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = buildApiGatewayEvent({ ...baseRequest, method: 'POST', rawHeaders: ['Content-Type', 'application/octet-stream'], body: bytes }, baseRoute);
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    const noType = buildApiGatewayEvent({ ...baseRequest, method: 'POST', rawHeaders: [], body: Buffer.from('x') }, baseRoute);
    expect(noType).toMatchObject({ body: 'eA==', isBase64Encoded: true });
  });

  it('classifies media types like HTTP APIs do', () => {
    for (const type of ['text/plain', 'text/csv; charset=utf-8', 'application/json', 'APPLICATION/JSON', 'application/xml', 'application/javascript']) {
      expect(isTextMediaType(type)).toBe(true);
    }
    for (const type of [undefined, '', 'application/octet-stream', 'image/png', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(isTextMediaType(type)).toBe(false);
    }
  });

  it('adds the JWT authorizer context for protected routes', () => {
    const event = buildApiGatewayEvent(baseRequest, { ...baseRoute, jwt: { claims: { sub: 'u1' }, scopes: null } });
    expect(event.requestContext).toMatchObject({ authorizer: { jwt: { claims: { sub: 'u1' }, scopes: null } } });
  });

  it('formats helpers like API Gateway', () => {
    expect(formatClfTime(new Date(Date.UTC(2024, 0, 5, 3, 4, 5)))).toBe('05/Jan/2024:03:04:05 +0000');
    expect(newApiGatewayRequestId()).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(parseQueryString('')).toBeUndefined();
  });

  it('takes constructor, toString and __proto__ as plain query keys (the fuzz suite found them mangled)', () => {
    const q = parseQueryString('constructor=x&toString=y&__proto__=z&a=1&a=2')!;
    expect(Object.entries(q)).toEqual([
      ['constructor', 'x'],
      ['toString', 'y'],
      ['__proto__', 'z'],
      ['a', '1,2'],
    ]);
    expect(({} as Record<string, unknown>).z).toBeUndefined(); // no prototype was touched
  });
});
