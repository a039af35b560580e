// Athena runs the insight SQL in AWS: StartQueryExecution in the insights workgroup, GetQueryExecution until it is
// done, GetQueryResults page by page.
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { athenaDialect } from '../sql/dialect';
import { insightSql, type InsightName } from '../sql/insight-sql';
import { renderSql, type InsightFilters } from '../sql/render';
import { type AthenaConfig, queryState, resultsInput, rowsFromResultSet, startQueryInput } from './athena-requests';
import type { InsightEngine, SqlRow } from './engine';

export class InsightQueryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsightQueryFailed';
  }
}

export interface AthenaEngineOptions extends AthenaConfig {
  client?: AthenaClient;
  /** give up after this long (an HTTP API route has 29 s) */
  timeoutMs?: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class AthenaEngine implements InsightEngine {
  readonly name = 'athena' as const;
  private readonly client: AthenaClient;
  constructor(private readonly options: AthenaEngineOptions) {
    this.client = options.client ?? new AthenaClient({});
  }

  /** the exact text Athena runs for this insight */
  render(insight: InsightName, filters: InsightFilters): string {
    return renderSql(insightSql(insight), athenaDialect(this.options), filters);
  }

  run(insight: InsightName, filters: InsightFilters): Promise<SqlRow[]> {
    return runAthenaSql(this.client, this.render(insight, filters), this.options, `insight ${insight}`);
  }
}

/** Runs one statement in the workgroup and reads every result page (an UNLOAD has none: `readResults` false); `label` names it in errors. */
export async function runAthenaSql(client: AthenaClient, sql: string, options: AthenaEngineOptions, label: string, readResults = true): Promise<SqlRow[]> {
  const started = await client.send(new StartQueryExecutionCommand(startQueryInput(sql, options)));
  const id = started.QueryExecutionId;
  if (!id) throw new InsightQueryFailed('Athena returned no QueryExecutionId');
  const timeoutMs = options.timeoutMs ?? 25_000;
  const deadline = Date.now() + timeoutMs;
  let wait = options.pollMs ?? 200;
  for (;;) {
    const state = queryState(await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
    if (state === 'succeeded') break;
    if (state !== 'running') throw new InsightQueryFailed(`${label} (${id}) ${state.failed}`);
    if (Date.now() > deadline) throw new InsightQueryFailed(`${label} (${id}) still running after ${timeoutMs} ms`);
    await sleep(wait);
    wait = Math.min(wait * 2, 2000);
  }
  const rows: SqlRow[] = [];
  if (!readResults) return rows;
  let token: string | undefined;
  let first = true;
  do {
    const page = await client.send(new GetQueryResultsCommand(resultsInput(id, token)));
    rows.push(...rowsFromResultSet(page.ResultSet, first));
    first = false;
    token = page.NextToken;
  } while (token);
  return rows;
}
