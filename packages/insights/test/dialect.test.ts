// One SQL text per insight, rendered for both engines: the Athena text carries exactly the known substitutions
// (Glue table reference, approx_percentile) and no DuckDB-only construct; the DuckDB text the reverse. Both keep
// every filter as a literal, and a caller's text cannot break out of its literal.
import { AthenaEngine, athenaDialect, DuckDbEngine, duckDbDialect, INSIGHT_KINDS, INSIGHTS, insightSql, numberLiteral, renderSql, stringLiteral, type InsightFilters } from '@theta/insights';
import type { DuckDBConnection } from '@duckdb/node-api';

const filters: InsightFilters = { from: '2026-12-01T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z', skill: 'math', courseId: "o'brien", proficientTheta: 0.5 };
const athena = new AthenaEngine({ workGroup: 'theta-dev-insights', database: 'theta_dev', responsesTable: 'responses' });
const duck = new DuckDbEngine({} as DuckDBConnection, { kind: 'parquet', dir: '/data/analytics/responses/' });

describe.each(INSIGHTS)('%s', (insight) => {
  const text = insightSql(insight);
  const a = athena.render(insight, filters);
  const d = duck.render(insight, filters);

  test('both engines run the same file: every text between placeholders is in both renderings, in order', () => {
    const segments = text.split(/\{\{[^}]+\}\}/);
    expect(segments.length).toBeGreaterThan(5);
    for (const rendered of [a, d]) {
      let at = 0;
      for (const segment of segments) {
        const found = rendered.indexOf(segment, at);
        expect(found).toBeGreaterThanOrEqual(at);
        at = found + segment.length;
      }
      expect(rendered).not.toMatch(/\{\{|\}\}/);
    }
  });

  test('Athena: the Glue table and approx_percentile; no DuckDB function', () => {
    for (const kind of INSIGHT_KINDS[insight]) expect(a).toContain(`FROM "theta_dev"."${kind}"`);
    expect(a).not.toMatch(/read_parquet|quantile_cont|hive_partitioning/);
    if (text.includes('{{median:')) expect(a).toMatch(/approx_percentile\(CAST\([a-z_.]+ AS DOUBLE\), 0\.5\)/);
  });

  test('DuckDB: the partitioned Parquet files (dt a string, as in Glue) and quantile_cont; no Athena function', () => {
    for (const kind of INSIGHT_KINDS[insight]) expect(d).toContain(`FROM read_parquet('/data/analytics/${kind}/dt=*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})`);
    expect(d).not.toMatch(/approx_percentile|"theta_dev"/);
    if (text.includes('{{median:')) expect(d).toMatch(/quantile_cont\([a-z_.]+, 0\.5\)/);
  });

  test('filters are literals: partition range (prunes Athena partitions), instants, and quoted text', () => {
    for (const rendered of [a, d]) {
      expect(rendered).toContain("dt BETWEEN '2026-12-01' AND '2026-12-07'");
      const at = insight === 'course-outcomes' ? 'enrolled_at' : 'answered_at';
      expect(rendered).toContain(`${at} >= TIMESTAMP '2026-12-01 00:00:00.000' AND ${at} < TIMESTAMP '2026-12-08 00:00:00.000'`);
      expect(rendered).toContain("skill = 'math'");
      expect(rendered).toContain("course_id = 'o''brien'");
      if (text.includes('{{track}}')) expect(rendered).toContain('CAST(NULL AS VARCHAR) IS NULL OR track = CAST(NULL AS VARCHAR)');
      if (text.includes('{{proficient_theta}}')) expect(rendered).toContain('m.theta >= CAST(0.5 AS DOUBLE)');
    }
  });
});

test('an instant with an offset is rendered in UTC; to is exclusive (its date is the last millisecond before)', () => {
  const sql = renderSql('{{from_ts}} {{to_date}}', duckDbDialect({ kind: 'table', name: 'responses' }), { from: '2026-12-01T02:00:00+02:00', to: '2026-12-03T00:00:00Z' });
  expect(sql).toBe("TIMESTAMP '2026-12-01 00:00:00.000' '2026-12-02'");
});

test('a placeholder nobody fills is an error, not an empty string', () => {
  expect(() => renderSql('SELECT {{nope}}', duckDbDialect({ kind: 'table', name: 'responses' }), filters)).toThrow(/\{\{nope\}\} has no value/);
});

test('from must be before to', () => {
  expect(() => renderSql('x', duckDbDialect({ kind: 'table', name: 'r' }), { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toThrow(/from must be/);
});

test('identifiers are Glue names only; string literals double quotes', () => {
  expect(() => athenaDialect({ database: 'x"; DROP', responsesTable: 'responses' })).toThrow(/Glue database/);
  expect(stringLiteral("a'); --")).toBe("'a''); --'");
});

test('course-outcomes: the measurements are read up to the look (every partition up to to, none after), by its own table', () => {
  const a = athena.render('course-outcomes', filters);
  expect(a).toContain(`FROM "theta_dev"."measurements"\n  WHERE dt <= '2026-12-07'\n    AND measured_at < TIMESTAMP '2026-12-08 00:00:00.000'`);
  const custom = athenaDialect({ database: 'theta_prod', responsesTable: 'responses', enrollmentsTable: 'course_enrollments' });
  expect(custom.table('enrollments')).toBe('"theta_prod"."course_enrollments"');
  expect(custom.table('measurements')).toBe('"theta_prod"."measurements"');
  expect(duckDbDialect({ kind: 'table', name: 'responses' }).table('enrollments')).toBe('"enrollments"');
});

test('numbers enter as DOUBLE literals, never text; NaN is refused', () => {
  expect(numberLiteral(-1.25)).toBe('CAST(-1.25 AS DOUBLE)');
  expect(numberLiteral(undefined)).toBe('CAST(NULL AS DOUBLE)');
  expect(() => numberLiteral(Number.NaN)).toThrow(/finite/);
});

test('the project filter is a literal of errors-by-band for both engines (quotes doubled), NULL when absent', () => {
  for (const engine of [athena, duck]) {
    expect(engine.render('errors-by-band', { ...filters, projectId: "apo'llo" })).toContain("('apo''llo' IS NULL OR project_id = 'apo''llo')");
    expect(engine.render('errors-by-band', filters)).toContain('(CAST(NULL AS VARCHAR) IS NULL OR project_id = CAST(NULL AS VARCHAR))');
  }
});
