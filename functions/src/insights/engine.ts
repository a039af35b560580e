// The insights engine of this container: Athena when the stack configured a workgroup (AWS), else DuckDB over the
// local analytics dataset (the embedded stack). DuckDB is imported only on that path: it is not in the Lambda bundle.
import { AthenaEngine } from '@theta/insights/athena';
import type { InsightEngine } from '@theta/insights/errors';

let engine: Promise<InsightEngine> | undefined;

async function create(env: NodeJS.ProcessEnv): Promise<InsightEngine> {
  const workGroup = env.THETA_ATHENA_WORKGROUP;
  if (workGroup) {
    const database = env.THETA_GLUE_DATABASE;
    const responsesTable = env.THETA_GLUE_RESPONSES_TABLE;
    if (!database || !responsesTable) throw new Error('THETA_GLUE_DATABASE and THETA_GLUE_RESPONSES_TABLE must be set with THETA_ATHENA_WORKGROUP');
    const enrollmentsTable = env.THETA_GLUE_ENROLLMENTS_TABLE;
    const measurementsTable = env.THETA_GLUE_MEASUREMENTS_TABLE;
    return new AthenaEngine({ workGroup, database, responsesTable, ...(enrollmentsTable ? { enrollmentsTable } : {}), ...(measurementsTable ? { measurementsTable } : {}) });
  }
  const { DuckDbEngine, openDuckDb, localResponsesDir } = await import('@theta/insights/duckdb-engine');
  return new DuckDbEngine(await openDuckDb(), { kind: 'parquet', dir: localResponsesDir(env) });
}

export function insightsEngine(env: NodeJS.ProcessEnv = process.env): Promise<InsightEngine> {
  engine ??= create(env);
  return engine;
}
