// What the people's CLIs (`npm run ops`, `npm run author`) share: where the API is, the bearer token (a Cognito token
// for a deployed stack; a local dev token for `npm start` when none is given), requests that turn an API error into
// one clear line, tables for people and JSON for scripts.
import { signDevToken } from '../auth/dev-tokens';
import type { DevRole } from '../auth/dev-issuer';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ApiTarget {
  url: string;
  token: string;
}

export function apiUrl(flag: string | undefined): string {
  return (flag ?? process.env.THETA_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');
}

/** --token, else $THETA_TOKEN, else a dev token for `role` signed with the local issuer key (what `npm start` trusts) */
export async function apiToken(flag: string | undefined, role: DevRole, sub: string): Promise<string> {
  return flag ?? process.env.THETA_TOKEN ?? (await signDevToken({ sub, roles: [role], ttlSeconds: 900 }));
}

export async function request<T>(target: ApiTarget, method: string, path: string, options: { body?: unknown; idempotencyKey?: string; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  const url = `${target.url}${path}${query.length ? `?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : ''}`;
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  } catch (error) {
    throw new CliError(`cannot reach ${target.url} (is \`npm start\` running?): ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: { path: string; message: string }[] } } | undefined)?.error;
    const fields = (e?.details ?? []).map((d) => `\n  ${d.path}: ${d.message}`).join('');
    throw new CliError(`${method} ${path}: HTTP ${res.status} ${e?.code ?? ''}${e?.message ? `: ${e.message}` : ''}${fields}`);
  }
  return body as T;
}

/** A plain text table: a header row, aligned columns, no colours (pipes and logs stay readable). */
export function table(headers: string[], rows: (string | number | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === undefined ? '—' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** A one-line progress bar on stderr (only on a terminal: logs get no control characters). */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done >= total ? '\n' : ''}`);
}

/** Runs a CLI's main: a CliError prints one line and sets its exit code; anything else is a bug and shows its stack. */
export function runCli(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => {
    if (error instanceof CliError) {
      console.error(`error: ${error.message}${error.exitCode === 2 ? `\n\n${usage}` : ''}`);
      process.exitCode = error.exitCode;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  });
}
