import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface HttpResponse<T = unknown> {
  statusCode: number;
  body?: T;
  headers?: Record<string, string>;
}

// Every response is JSON, never cached by intermediaries, never sniffed.
const BASE_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const ok = <T>(body: T, headers?: Record<string, string>): HttpResponse<T> => ({ statusCode: 200, body, headers });
export const created = <T>(body: T, location?: string): HttpResponse<T> => ({
  statusCode: 201,
  body,
  headers: location ? { location } : undefined,
});
export const noContent = (): HttpResponse<never> => ({ statusCode: 204 });

export function toApiGatewayResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: { ...BASE_HEADERS, ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
  requestId?: string;
}
