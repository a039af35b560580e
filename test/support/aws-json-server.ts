// A stand-in for an AWS service that speaks the JSON protocol (Secrets Manager, EventBridge) on a local port, for
// the real SDK clients to call (AWS_ENDPOINT_URL_<SERVICE>): POST /, `x-amz-target: <Prefix>.<Operation>`, a JSON
// body; errors as `{ "__type": "<Code>", "message" }` with a 4xx. Records every call so a test can count them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsJsonCall {
  target: string;
  body: Record<string, unknown>;
}

export interface AwsJsonReply {
  status?: number;
  body: unknown;
}

/** answers one call; an unknown target gets 400 UnknownOperationException */
export type AwsJsonOperation = (body: Record<string, unknown>) => AwsJsonReply | Promise<AwsJsonReply>;

export interface AwsJsonServer {
  url: string;
  calls: AwsJsonCall[];
  /** replace (or add) an operation's answer */
  on(target: string, operation: AwsJsonOperation): void;
  close(): Promise<void>;
}

export const awsError = (code: string, message: string, status = 400): AwsJsonReply => ({ status, body: { __type: code, message } });

export async function startAwsJsonServer(operations: Record<string, AwsJsonOperation>): Promise<AwsJsonServer> {
  const handlers = new Map(Object.entries(operations));
  const calls: AwsJsonCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        calls.push({ target, body });
        const operation = req.method === 'POST' && req.url === '/' ? handlers.get(target) : undefined;
        const reply = operation ? await operation(body) : awsError('UnknownOperationException', `no operation ${target}`);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    on: (target, operation) => void handlers.set(target, operation),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // the SDK keeps connections alive: close() alone would wait for them
        server.closeAllConnections();
      }),
  };
}
