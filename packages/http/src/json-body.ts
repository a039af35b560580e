import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, RequestValidationError, UnsupportedMediaTypeError } from './http-errors';

/**
 * JSON media type, and a charset (if any) of UTF-8: JSON is UTF-8 (RFC 8259 section 8.1), and the body is decoded
 * as UTF-8 regardless, so accepting `charset=latin1` would silently read a different text than the client sent.
 */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const [type, ...parameters] = value.split(';');
  const mediaType = type?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return false;
  return parameters.every((parameter) => {
    const [name, raw] = parameter.split('=');
    if (name?.trim().toLowerCase() !== 'charset') return true;
    const charset = (raw ?? '').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    return charset === 'utf-8' || charset === 'utf8';
  });
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
