// The web app beside the API, as CloudFront + S3 serve it in AWS: static files from the built app, the app's
// index.html for any other page path (client-side routes), and under `npm start` a dev sign-in that stands in for
// Cognito's hosted UI (it mints a dev token for a chosen role; never part of the API, never deployed).
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { isDevRole } from '../auth/dev-issuer';
import type { DevTokenSigner } from '../auth/dev-tokens';

export interface WebAssetsOptions {
  /** the built app (packages/web/dist) */
  staticDir: string;
  /** mints tokens for POST /dev/sign-in; absent: no sign-in stand-in */
  signIn?: DevTokenSigner;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

// The same headers the CloudFront response-headers policy sets: the app loads only its own scripts and calls only its own origin.
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const SUBJECT = /^[A-Za-z0-9_.@-]{1,64}$/;
const SIGN_IN_TTL_SECONDS = 8 * 3600;

/** Requests that are not for the API: `/v1/...` stays API Gateway's. */
export function isWebRequest(path: string): boolean {
  return path !== '/v1' && !path.startsWith('/v1/');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

async function readSmallBody(req: IncomingMessage, limit = 4096): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function signIn(req: IncomingMessage, res: ServerResponse, signer: DevTokenSigner): Promise<void> {
  const error = (message: string) => send(res, 400, 'application/json', JSON.stringify({ error: { code: 'bad_sign_in', message } }));
  const text = await readSmallBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return error('body must be JSON {role, sub}');
  }
  const { role, sub } = (body ?? {}) as { role?: unknown; sub?: unknown };
  if (typeof role !== 'string' || !isDevRole(role)) return error('role: must be one of the dev roles');
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) return error('sub: must be 1-64 letters, digits, _ . @ -');
  const token = await signer({ sub, roles: [role], ttlSeconds: SIGN_IN_TTL_SECONDS });
  send(res, 200, 'application/json', JSON.stringify({ token, sub, role, expiresInSeconds: SIGN_IN_TTL_SECONDS }), { 'cache-control': 'no-store' });
}

async function fileIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return (await stat(path)).isFile() ? await readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a non-API request: the sign-in stand-in, a static file, or the app's index.html. */
export async function serveWeb(req: IncomingMessage, res: ServerResponse, path: string, options: WebAssetsOptions): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/dev/sign-in') {
    if (!options.signIn) return send(res, 404, 'application/json', JSON.stringify({ message: 'Not Found' }));
    if (method !== 'POST') return send(res, 405, 'application/json', JSON.stringify({ message: 'Method Not Allowed' }), { allow: 'POST' });
    return signIn(req, res, options.signIn);
  }
  // the app's sign-in setup (packages/web/src/auth/config.ts); in AWS the stack writes the hosted-UI one
  if (path === '/config.json' && options.signIn && (method === 'GET' || method === 'HEAD')) {
    return send(res, 200, 'application/json', method === 'HEAD' ? '' : JSON.stringify({ auth: { mode: 'dev' } }), { 'cache-control': 'no-store' });
  }
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'application/json', JSON.stringify({ message: 'Method Not Allowed' }), { allow: 'GET, HEAD' });

  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return send(res, 400, 'text/plain; charset=utf-8', 'bad path');
  }
  const root = normalize(options.staticDir);
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');

  const asset = extname(file) ? await fileIfPresent(file) : undefined;
  if (asset) {
    // built assets carry a content hash in their name: cache them; everything else revalidates
    const cache = decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', method === 'HEAD' ? '' : asset, { 'cache-control': cache });
  }
  if (extname(file)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  const index = await fileIfPresent(join(root, 'index.html'));
  if (!index) return send(res, 503, 'text/plain; charset=utf-8', 'the web app is not built: run npm run build:web');
  return send(res, 200, CONTENT_TYPES['.html']!, method === 'HEAD' ? '' : index, { 'cache-control': 'no-cache' });
}
