// The AWS side of the lake purge as text: where its work goes in the bucket and the UNLOAD statements it sends.
// (S3 and Athena do not run here; the rows-without query inside them is the one lake-purge.test.ts runs in DuckDB.)
import { athenaDialect } from '@theta/insights';
import { FILES_PER_UNLOAD, manifestKey, publishedKey, stagingPrefix, unloadStatements } from '@theta/insights/purge';

const partition = { kind: 'responses' as const, dt: '2026-11-02' };

describe('the lake purge in S3 and Athena', () => {
  it('stages, publishes and records a partition under its own keys, outside every table location', () => {
    const staging = stagingPrefix(partition, 'run-1');
    expect(staging).toBe('lake-purge/staged/responses/dt=2026-11-02/run-1/');
    expect(manifestKey(partition)).toBe('lake-purge/manifests/responses/dt=2026-11-02.json');
    // a staged object lands in its partition under a name made of the run and its file: moving it twice is one move
    expect(publishedKey(partition, `${staging}group-0/20261102_000_abc`)).toBe('responses/dt=2026-11-02/purged-run-1-group-0-20261102_000_abc');
    expect(() => publishedKey(partition, 'lake-purge/staged/measurements/dt=2026-11-02/run-1/x')).toThrow(/not under/);
  });

  it('unloads only the listed objects of the partition, in groups Athena accepts, without the tasker, into the staging prefix', () => {
    const keys = Array.from({ length: FILES_PER_UNLOAD * 2 + 1 }, (_, i) => `responses/dt=2026-11-02/delivery-${i}`);
    const table = athenaDialect({ database: 'theta_prod', responsesTable: 'responses' }).table('responses');
    const statements = unloadStatements({ bucket: 'theta-data', table, kind: 'responses', dt: '2026-11-02', taskerId: "o'brien", keys, prefix: 'lake-purge/staged/responses/dt=2026-11-02/run-1/' });
    expect(statements).toHaveLength(3);
    const listed = statements.map((sql) => [...sql.matchAll(/'s3:\/\/theta-data\/(responses\/dt=2026-11-02\/delivery-\d+)'/g)].map((m) => m[1]));
    expect(listed.map((group) => group.length)).toEqual([FILES_PER_UNLOAD, FILES_PER_UNLOAD, 1]);
    expect(listed.flat()).toEqual(keys);
    for (const [i, sql] of statements.entries()) {
      expect(sql).toMatch(/^UNLOAD \(SELECT response_id, tasker_id, item_id, .* FROM \(SELECT \* FROM "theta_prod"\."responses" WHERE dt = '2026-11-02' AND "\$path" IN \(/);
      // the quote in the id is doubled: the id cannot end the literal
      expect(sql).toContain("AND tasker_id IS DISTINCT FROM 'o''brien')");
      expect(sql).toContain(`TO 's3://theta-data/lake-purge/staged/responses/dt=2026-11-02/run-1/group-${i}/' WITH (format = 'PARQUET', compression = 'SNAPPY')`);
      // the partition column is in the path, not in the files
      expect(sql).not.toMatch(/SELECT [^(]*\bdt\b[^(]* FROM \(/);
      expect(Buffer.byteLength(sql)).toBeLessThan(256 * 1024);
    }
  });
});
