// The lake-purge function's edges: it accepts exactly the event the erasure publishes (as the EventBridge rule puts
// it in SQS), fails a message it cannot read (for the dead-letter queue) and a purge that could not run (for a
// retry), never drops one, and logs the pseudonym, not the erased id. Athena and S3 are an unreachable loopback
// port here (they do not run on this machine); the purge itself is tested on DuckDB in packages/insights.
import type { SQSEvent, SQSRecord } from 'aws-lambda';

type Module = typeof import('../src/events/purge-erased-from-lake');
let m: Module;
const logged: string[] = [];

beforeAll(async () => {
  // the handler parses its environment at load, like a cold start
  Object.assign(process.env, {
    THETA_ANALYTICS_BUCKET: 'theta-test-analytics',
    THETA_ATHENA_WORKGROUP: 'theta-test-insights',
    THETA_GLUE_DATABASE: 'theta_test',
    THETA_GLUE_RESPONSES_TABLE: 'responses',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_MAX_ATTEMPTS: '1',
    // the suite runs SILENT (test/setup-env.js); this function's logger is made at import, so it logs here
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  m = await import('../src/events/purge-erased-from-lake');
  for (const stream of [process.stdout, process.stderr]) jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
});
afterAll(() => {
  jest.restoreAllMocks();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const record = (messageId: string, body: string): SQSRecord => ({ messageId, body }) as SQSRecord;

/** the EventBridge event the rule delivers for a PutEvents entry (the envelope fields a rule target receives) */
function asDelivered(entry: { Source?: string; DetailType?: string; Detail?: string }): string {
  return JSON.stringify({ version: '0', id: 'eb-1', source: entry.Source, 'detail-type': entry.DetailType, account: '123456789012', time: '2026-12-07T12:00:00Z', region: 'eu-west-1', resources: [], detail: JSON.parse(entry.Detail!) });
}

test('reads the tasker.erased event exactly as the erasure publishes it', async () => {
  const { erasedEntry } = await import('../src/taskers/erasure-announcer');
  const entry = erasedEntry({ id: 'erasure-erased-abc-1', taskerId: 'tasker-9', pseudonym: 'erased-abc', round: 1, at: '2026-12-07T12:00:00.000Z' }, 'theta-test');
  const parsed = m.ErasedEvent.parse(JSON.parse(asDelivered(entry)));
  expect(parsed.detail).toEqual({ id: 'erasure-erased-abc-1', taskerId: 'tasker-9', pseudonym: 'erased-abc', round: 1, at: '2026-12-07T12:00:00.000Z' });
  // another event type on the bus is not a purge
  expect(m.ErasedEvent.safeParse({ ...JSON.parse(asDelivered(entry)), 'detail-type': 'tasker.placed' }).success).toBe(false);
});

test('fails a message that is not a tasker.erased event, and one whose purge could not run; never the others', async () => {
  const { erasedEntry } = await import('../src/taskers/erasure-announcer');
  const valid = asDelivered(erasedEntry({ id: 'erasure-erased-def-2', taskerId: 'tasker-secret-id', pseudonym: 'erased-def', round: 2, at: '2026-12-07T12:00:00.000Z' }, 'theta-test'));
  logged.length = 0;
  const out = await m.handler({ Records: [record('m-bad-json', '{not json'), record('m-wrong-shape', JSON.stringify({ source: 'theta.assessment', 'detail-type': 'tasker.erased', detail: { id: 'x' } })), record('m-valid', valid)] } as SQSEvent);
  expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-bad-json', 'm-wrong-shape', 'm-valid']);
  const lines = logged.join('');
  expect(lines).toContain('not a tasker.erased event');
  expect(lines).toMatch(/lake purge failed: will be retried[\s\S]*"pseudonym": ?"erased-def"/);
  expect(lines).not.toContain('tasker-secret-id');
});
