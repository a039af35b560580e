import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** An HTTP response ready to write: header pairs keep duplicates (one set-cookie per cookie). */
export interface GatewayResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

export class InvalidLambdaResultError extends Error {
  override readonly name = 'InvalidLambdaResultError';
}

/**
 * Maps a handler's return value to the HTTP response with the payload-format-2.0 rules:
 * - an object with `statusCode` is a structured response: status, headers, cookies (one
 *   set-cookie each) and body, base64-decoded when isBase64Encoded is true;
 * - anything else (object without statusCode, array, string, number, null) is the data:
 *   200, content-type application/json, body JSON.stringify(result).
 * A structured response API Gateway would reject (bad status, non-string body) throws, and
 * the caller answers 500 as API Gateway does.
 */
export function toGatewayResponse(result: unknown): GatewayResponse {
  if (!isStructured(result)) {
    // Lambda serialises `undefined` as null.
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(result ?? null), 'utf8'),
    };
  }

  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new InvalidLambdaResultError(`statusCode must be an integer HTTP status, got ${JSON.stringify(statusCode)}`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new InvalidLambdaResultError(`body must be a string, got ${typeof body} (JSON.stringify it)`);
  }
  if ('multiValueHeaders' in result) {
    // Payload 1.0 only: HTTP APIs with payload 2.0 ignore it, so we do too (loudly).
    console.warn('[theta-local] multiValueHeaders is ignored by payload format 2.0; use headers (comma-joined) or cookies');
  }

  const pairs: [string, string][] = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]);
  for (const cookie of cookies) pairs.push(['set-cookie', cookie]);
  return {
    statusCode,
    headers: pairs,
    body: body ? Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0),
  };
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 & { multiValueHeaders?: unknown } {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result;
}
