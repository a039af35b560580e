import { toGatewayResponse } from '@theta/local';

const text = (body: Buffer) => body.toString('utf8');

describe('toGatewayResponse (payload format 2.0 response rules)', () => {
  it.each([
    ['an object without statusCode', { hello: 'world' }, '{"hello":"world"}'],
    ['a string', 'hi', '"hi"'],
    ['an array', [1, 2], '[1,2]'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined (Lambda sends null)', undefined, 'null'],
  ])('treats %s as data: 200, application/json, JSON body', (_label, result, body) => {
    const response = toGatewayResponse(result);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual([['content-type', 'application/json']]);
    expect(text(response.body)).toBe(body);
  });

  it('maps a structured result: status, headers (stringified), one set-cookie per cookie, body', () => {
    const response = toGatewayResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'x-n': 3, 'x-b': false },
      cookies: ['a=1; Path=/', 'b=2'],
      body: 'created',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual([
      ['content-type', 'text/plain'],
      ['x-n', '3'],
      ['x-b', 'false'],
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2'],
    ]);
    expect(text(response.body)).toBe('created');
  });

  it('decodes base64 bodies when isBase64Encoded is true', () => {
    const bytes = Buffer.from([137, 80, 78, 71, 0, 255]);
    expect(toGatewayResponse({ statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true }).body).toEqual(bytes);
    expect(text(toGatewayResponse({ statusCode: 200, body: 'aGk=', isBase64Encoded: false }).body)).toBe('aGk=');
  });

  it('allows a structured result without body', () => {
    expect(toGatewayResponse({ statusCode: 204 })).toEqual({ statusCode: 204, headers: [], body: Buffer.alloc(0) });
  });

  it('rejects results API Gateway cannot map (the server answers 500)', () => {
    expect(() => toGatewayResponse({ statusCode: '200' })).toThrow(/statusCode/);
    expect(() => toGatewayResponse({ statusCode: 99 })).toThrow(/statusCode/);
    expect(() => toGatewayResponse({ statusCode: 200, body: { a: 1 } })).toThrow(/body must be a string/);
  });
});
