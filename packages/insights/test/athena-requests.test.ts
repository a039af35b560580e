// The Athena adapter without Athena: the requests it would send and how a result page (the shape in the Athena API
// reference, GetQueryResults) turns into typed rows.
import { athenaDialect, queryState, renderSql, insightSql, resultsInput, rowsFromResultSet, startQueryInput } from '@theta/insights';

const config = { workGroup: 'theta-dev-insights', database: 'theta_dev', responsesTable: 'responses' };

test('StartQueryExecution: the rendered text, in the insights workgroup (its result location, encryption and scan limit)', () => {
  const sql = renderSql(insightSql('errors-by-band'), athenaDialect(config), { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' });
  const input = startQueryInput(sql, config);
  expect(input).toEqual({ QueryString: sql, WorkGroup: 'theta-dev-insights', QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'theta_dev' } });
  expect(input).not.toHaveProperty('ResultConfiguration'); // the workgroup enforces its own
});

test('GetQueryResults pages: first page skips the header row; numbers typed by column; missing values are null', () => {
  const resultSet = {
    ResultSetMetadata: { ColumnInfo: [{ Name: 'skill', Type: 'varchar' }, { Name: 'band', Type: 'integer' }, { Name: 'n', Type: 'bigint' }, { Name: 'median_elapsed_ms', Type: 'double' }] },
    Rows: [
      { Data: [{ VarCharValue: 'skill' }, { VarCharValue: 'band' }, { VarCharValue: 'n' }, { VarCharValue: 'median_elapsed_ms' }] },
      { Data: [{ VarCharValue: 'math' }, { VarCharValue: '5' }, { VarCharValue: '12' }, { VarCharValue: '8200.5' }] },
      { Data: [{ VarCharValue: 'math' }, {}, { VarCharValue: '3' }, {}] },
    ],
  };
  expect(rowsFromResultSet(resultSet, true)).toEqual([
    { skill: 'math', band: 5, n: 12, median_elapsed_ms: 8200.5 },
    { skill: 'math', band: null, n: 3, median_elapsed_ms: null },
  ]);
  expect(rowsFromResultSet({ ...resultSet, Rows: resultSet.Rows.slice(1) }, false)).toHaveLength(2);
  expect(resultsInput('q-1', 'tok')).toEqual({ QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'tok' });
  expect(resultsInput('q-1')).toEqual({ QueryExecutionId: 'q-1', MaxResults: 1000 });
});

test('query states', () => {
  expect(queryState({ QueryExecution: { Status: { State: 'RUNNING' } }, $metadata: {} })).toBe('running');
  expect(queryState({ QueryExecution: { Status: { State: 'SUCCEEDED' } }, $metadata: {} })).toBe('succeeded');
  expect(queryState({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'Bytes scanned limit was exceeded' } }, $metadata: {} })).toEqual({ failed: 'FAILED: Bytes scanned limit was exceeded' });
});
