import { isAbsolute, resolve } from 'node:path';

/** What a route's entry module exports as `handler` (middy or a plain async function). */
export type LambdaHandler = (event: unknown, context: unknown) => unknown;

export type HandlerLoader = (entry: string) => Promise<LambdaHandler>;

/**
 * Imports each entry once (like a warm Lambda container) and hands out its `handler`.
 * The import is dynamic so a handler's module-level config parses only after the local
 * stack has set the environment, and so one broken handler does not stop the server.
 */
export function createHandlerLoader(rootDir: string): HandlerLoader {
  const cache = new Map<string, Promise<LambdaHandler>>();
  return (entry) => {
    let loading = cache.get(entry);
    if (!loading) {
      loading = importHandler(isAbsolute(entry) ? entry : resolve(rootDir, entry));
      // A failed import is not cached: fix the file and the next request tries again.
      loading.catch(() => cache.delete(entry));
      cache.set(entry, loading);
    }
    return loading;
  };
}

async function importHandler(file: string): Promise<LambdaHandler> {
  // A plain absolute path works for both loaders we run under: Node ESM (tsx) and jest's CJS require.
  const module = (await import(file)) as { handler?: unknown; default?: { handler?: unknown } };
  const handler = module.handler ?? module.default?.handler;
  if (typeof handler !== 'function') throw new Error(`${file} does not export a function named "handler"`);
  return handler as LambdaHandler;
}
