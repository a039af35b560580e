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
 * How deep a body may nest objects and arrays. JSON.parse takes any depth, but code that walks a body recursively
 * (JSON.stringify to size or hash it, validators) runs out of stack near 5,000 levels: a 500. No contract comes
 * near 64 levels.
 */
export const MAX_JSON_DEPTH = 64;

/** the deepest nesting of objects and arrays in JSON text (brackets inside strings do not count) */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
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
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw new RequestValidationError([{ path: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable';
    throw new RequestValidationError([{ path: 'body', message: `malformed JSON: ${reason}` }]);
  }
}
