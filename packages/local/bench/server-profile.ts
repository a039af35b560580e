// Server-side instrumentation for the API benchmark, all inside this process (the embedded stack serves the
// handlers in-process): the wall time of every handler invocation, and every DynamoDB call the handlers make
// (command, table, time), optionally attributed to the request that made it (AsyncLocalStorage).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHandlerLoader, type HandlerLoader } from '../src/server/handler-loader';
import { Samples } from './stats';

interface RequestTrace {
  route: string;
  calls: { label: string; start: number; end: number }[];
}

export interface AttributedRequest {
  route: string;
  handlerMs: number;
  /** time with at least one DynamoDB call in flight (parallel calls count once) */
  dynamoMs: number;
  calls: string[];
  /** the calls in order: "→" after the previous call ended, "‖" while it was still in flight */
  sequence: string;
}

function sequenceOf(calls: readonly { label: string; start: number; end: number }[]): string {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  let latestEnd = Number.NEGATIVE_INFINITY;
  return sorted
    .map((call, i) => {
      const joint = i === 0 ? '' : call.start < latestEnd ? ' ‖ ' : ' → ';
      latestEnd = Math.max(latestEnd, call.end);
      return `${joint}${call.label}`;
    })
    .join('');
}

/** Length of the union of [start, end] intervals. */
function coveredMs(intervals: readonly { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const { start, end } of sorted) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) to = end;
  }
  if (to > from) total += to - from;
  return total;
}

export class ServerProfile {
  /** handler wall time per route (includes awaiting DynamoDB) */
  readonly handlerMs = new Samples();
  /** DynamoDB call time per "Command table" label, from the handlers' shared client */
  readonly dynamoMs = new Samples();
  /** filled only while attribution is on */
  readonly attributed: AttributedRequest[] = [];
  /** AsyncLocalStorage costs every promise a hook on Node 20: switched on only for the profile phase */
  attribution = false;
  private readonly traces = new AsyncLocalStorage<RequestTrace>();
  private routeOfEntry = new Map<string, string>();

  constructor(private readonly tablePrefix: string) {}

  setRoutes(routes: readonly { id: string; entry: string }[]): void {
    this.routeOfEntry = new Map(routes.map((r) => [r.entry, r.id]));
  }

  reset(): void {
    this.handlerMs.clear();
    this.dynamoMs.clear();
    this.attributed.length = 0;
  }

  /** The server's handler loader, timing each invocation. */
  loader(rootDir: string): HandlerLoader {
    const load = createHandlerLoader(rootDir);
    return async (entry) => {
      const handler = await load(entry);
      return async (event, context) => {
        const route = this.routeOfEntry.get(entry) ?? entry;
        const trace: RequestTrace | undefined = this.attribution ? { route, calls: [] } : undefined;
        const started = performance.now();
        try {
          return await (trace ? this.traces.run(trace, () => handler(event, context)) : handler(event, context));
        } finally {
          const elapsed = performance.now() - started;
          this.handlerMs.add(route, elapsed);
          if (trace) {
            this.attributed.push({
              route,
              handlerMs: elapsed,
              dynamoMs: coveredMs(trace.calls),
              calls: trace.calls.map((c) => c.label),
              sequence: sequenceOf(trace.calls),
            });
          }
        }
      };
    };
  }

  /** Times every command sent through `client` (the document client shares its middleware stack). */
  instrument(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const label = this.labelOf(context.commandName ?? 'unknown', args.input as Record<string, unknown>);
        const trace = this.traces.getStore();
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          const ended = performance.now();
          this.dynamoMs.add(label, ended - started);
          trace?.calls.push({ label, start: started, end: ended });
        }
      },
      { step: 'initialize', priority: 'high', name: 'thetaBenchDynamoTiming' },
    );
  }

  private table(name: unknown): string {
    return typeof name === 'string' && name.startsWith(this.tablePrefix) ? name.slice(this.tablePrefix.length) : String(name);
  }

  private labelOf(commandName: string, input: Record<string, unknown>): string {
    const command = commandName.replace(/Command$/, '');
    const transactItems = input.TransactItems as Record<string, { TableName?: string }>[] | undefined;
    if (transactItems) {
      const tables = [...new Set(transactItems.map((action) => this.table(Object.values(action)[0]?.TableName)))].sort();
      return `${command} ×${transactItems.length} ${tables.join('+')}`;
    }
    return `${command} ${this.table(input.TableName)}`;
  }
}
