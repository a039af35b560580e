import type { IncomingMessage } from 'node:http';

/**
 * Reads the whole request body, or reports 'too-large' past `limit` bytes. An oversized body
 * is still drained (not kept): answering 413 while the client is mid-upload and closing
 * the socket would make most clients report a reset instead of the 413.
 */
export async function readBodyWithLimit(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
  let received = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? 'too-large' : Buffer.concat(chunks);
}
