// Fuzz helpers that touch the running stack: a raw HTTP sender and a snapshot of every table.
// The sender is node:http rather than fetch because fetch normalizes what the fuzzer wants to send as is
// (`..` segments, odd percent-escapes, a GET with a body, any content type).
import { request as httpRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from './local-stack';

export interface RawRequest {
  method: string;
  /** path and query exactly as they go on the request line */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function sendRaw(baseUrl: string, raw: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: raw.method, path: raw.target, headers: { ...raw.headers, ...(raw.body ? { 'content-length': String(raw.body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw.body);
  });
}

/**
 * Every item of every table of the stack as sorted JSON lines, except the rate-limit counters (`rate#…` rows of the
 * idempotency table): those count requests by design (docs/security.md, "Rate limits").
 */
export async function snapshotTables(stack: LocalStack): Promise<Set<string>> {
  const setsAsArrays = (_key: string, value: unknown) => (value instanceof Set ? [...(value as Set<unknown>)].sort() : value);
  // the tables in parallel: a seeded stack's scan is most of the fuzzer's time
  const perTable = await Promise.all(
    Object.entries(stack.tableNames).map(async ([name, table]) => {
      const lines: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await stack.ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
        for (const item of page.Items ?? []) {
          if (name === 'idempotency' && typeof item.id === 'string' && item.id.startsWith('rate#')) continue;
          lines.push(`${name} ${JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))), setsAsArrays)}`);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return lines;
    }),
  );
  return new Set(perTable.flat());
}

export function tableChanges(before: Set<string>, after: Set<string>): { added: string[]; removed: string[] } {
  return { added: [...after].filter((l) => !before.has(l)), removed: [...before].filter((l) => !after.has(l)) };
}
