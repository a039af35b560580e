import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, RequestValidationError, UnsupportedMediaTypeError } from './http-errors';

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads a JSON body with a byte limit; undefined when the request has none.
 * Written here rather than taken from @middy/http-json-body-parser because we need
 * the size limit, the same field-level error shape as validation, and to parse only
 * after the caller is authorized (a forbidden caller learns nothing about the schema).
 */
export function readJsonBody(event: APIGatewayProxyEventV2, limitBytes: number): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const contentType = event.headers?.['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable';
    throw new RequestValidationError([{ path: 'body', message: `malformed JSON: ${reason}` }]);
  }
}
