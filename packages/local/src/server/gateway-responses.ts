import type { GatewayResponse } from './lambda-result';

// The bodies API Gateway itself answers with when the request never reaches (or never
// returns from) the function. Clients see exactly these in AWS, so tests can rely on them.
function gatewayMessage(statusCode: number, message: string, extraHeaders: [string, string][] = []): GatewayResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json'], ...extraHeaders],
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}

export const notFound = () => gatewayMessage(404, 'Not Found');
export const methodNotAllowed = (allow: readonly string[]) =>
  gatewayMessage(405, 'Method Not Allowed', [['allow', allow.join(', ')]]);
/** `reason` goes to www-authenticate only, as a local debugging aid; the body is AWS's. */
export const unauthorized = (reason: string) =>
  gatewayMessage(401, 'Unauthorized', [['www-authenticate', `Bearer error="invalid_token", error_description="${reason.replace(/"/g, "'")}"`]]);
export const payloadTooLarge = () => gatewayMessage(413, 'Request Entity Too Large');
export const internalServerError = () => gatewayMessage(500, 'Internal Server Error');
export const serviceUnavailable = () => gatewayMessage(503, 'Service Unavailable');
