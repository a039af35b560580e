// A lean keep-alive HTTP client: node:http with a pooled Agent is cheaper per request than fetch, and the
// client shares the event loop (and the 2 cores) with the server it measures, so its cost matters.
import { Agent, request } from 'node:http';

/** Node's http.Server keepAliveTimeout default, which the local server keeps */
const SERVER_KEEP_ALIVE_MS = 5000;

export interface ClientResponse {
  status: number;
  body: string;
  /** client-side latency: request written → last byte of the response read (high-resolution) */
  ms: number;
  /** the response's Retry-After header (429, 503), when sent */
  retryAfter?: string;
}

export class BenchClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    // `timeout` below the server's keep-alive timeout (Node's default, 5 s): the Agent destroys a socket idle that
    // long itself, so it never reuses one the server is closing at that moment (a read ECONNRESET). Only idle
    // sockets are destroyed on it; a request in flight just gets a 'timeout' event, which nothing listens to.
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: SERVER_KEEP_ALIVE_MS - 1000 });
  }

  /** `timeoutMs`: give up on a response after this long (the request fails with an error, as a client's would) */
  send(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<ClientResponse> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise<ClientResponse>((resolve, reject) => {
      const started = performance.now();
      const req = request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started, ...(retryAfter === undefined ? {} : { retryAfter }) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
