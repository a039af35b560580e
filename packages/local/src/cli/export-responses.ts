// npm run export:responses -- [--from ISO] [--to ISO] --out log.jsonl [--resume] [--endpoint URL] [--table NAME]
// Every scored response (placement, re-assessment, quiz) in theta-response-log/v1, from the running local stack's
// DynamoDB (npm start prints its endpoint) or any endpoint; paged by Query on the sessions table's gsi2, resumable.
import { parseArgs } from 'node:util';
import { DynamoResponseLogStore, RESPONSE_LOG_START, ResponseCursorError } from '@theta/store';
import { createLocalDynamoDbClients } from '../dynamodb/local-aws';
import { localTableNames } from '../dynamodb/tables';
import { cursorFileOf, ExportError, exportResponses } from '../export/response-export';

const USAGE = `usage: npm run export:responses -- --out LOG.jsonl [--from ISO] [--to ISO] [--resume] [--endpoint URL] [--table NAME] [--page-size N]
  --out        output file, theta-response-log/v1 (JSON Lines); the cursor is kept in LOG.jsonl.cursor
  --from/--to  time range of the responses' \`at\`, from inclusive (default ${RESPONSE_LOG_START}), to exclusive (default now)
  --resume     continue an interrupted export from its cursor file (same range; nothing is written twice)
  --endpoint   DynamoDB endpoint (default $DYNAMODB_ENDPOINT; \`npm start\` prints it)
  --table      the sessions table (default $THETA_TABLE_SESSIONS or ${localTableNames().sessions})
  --page-size  responses per Query page (default 1000)
(docs/item-health.md, "Response log export")`;

function usage(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      resume: { type: 'boolean' },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (e) {
  usage((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const out = values.out as string | undefined;
if (!out) usage('missing --out');
const endpoint = (values.endpoint as string | undefined) ?? process.env.DYNAMODB_ENDPOINT;
if (!endpoint) usage('no DynamoDB endpoint: pass --endpoint (npm start prints it) or set DYNAMODB_ENDPOINT');
const pageSize = values['page-size'] === undefined ? 1000 : Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1) usage(`--page-size must be a positive integer, got '${String(values['page-size'])}'`);
const table = (values.table as string | undefined) ?? process.env.THETA_TABLE_SESSIONS ?? localTableNames().sessions;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const clients = createLocalDynamoDbClients(endpoint);
try {
  const result = await exportResponses({
    reader: new DynamoResponseLogStore(clients.doc, { sessions: table }),
    out,
    ...(values.from === undefined ? {} : { from: values.from as string }),
    ...(values.to === undefined ? {} : { to: values.to as string }),
    resume: values.resume === true,
    pageSize,
    onPage: (written) => {
      if (process.stderr.isTTY) process.stderr.write(`\rexport: ${written} responses`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.error(`export: ${result.written} responses from ${result.from} to ${result.to} → ${out} (cursor ${cursorFileOf(out)})`);
} catch (e) {
  if (e instanceof ExportError || e instanceof ResponseCursorError || e instanceof RangeError) {
    console.error(`error: ${e.message}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  clients.destroy();
}
