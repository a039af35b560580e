// npm run export:analytics -- --log LOG.jsonl [--endpoint URL] [--table NAME] [--sessions-table NAME]
// The enrolments and proficiency measurements of every tasker in an exported response log (npm run
// export:responses), from the local stack's DynamoDB by Query (never Scan), as LOG.enrollments.jsonl and
// LOG.measurements.jsonl: `npm run insights -- sync --log LOG.jsonl` then loads all three (docs/insights.md).
import { parseArgs } from 'node:util';
import { DynamoAnalyticsExportStore } from '@theta/store';
import { createLocalDynamoDbClients } from '../dynamodb/local-aws';
import { localTableNames } from '../dynamodb/tables';
import { exportAnalytics } from '../export/analytics-export';

const USAGE = `usage: npm run export:analytics -- --log LOG.jsonl [--endpoint URL] [--table NAME] [--sessions-table NAME]
  --log        a response log written by npm run export:responses: its taskers are the ones exported
  --endpoint   DynamoDB endpoint (default $DYNAMODB_ENDPOINT; \`npm start\` prints it)
  --table      the taskers table (default $THETA_TABLE_TASKERS or ${localTableNames().taskers})
  --sessions-table  the sessions table, for which placements were re-assessments (default $THETA_TABLE_SESSIONS or ${localTableNames().sessions})
writes LOG.enrollments.jsonl, LOG.measurements.jsonl and LOG.track-changes.jsonl next to LOG.jsonl (docs/insights.md)`;

function usage(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({ options: { log: { type: 'string' }, endpoint: { type: 'string' }, table: { type: 'string' }, 'sessions-table': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
} catch (e) {
  usage((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const log = values.log as string | undefined;
if (!log) usage('missing --log');
const endpoint = (values.endpoint as string | undefined) ?? process.env.DYNAMODB_ENDPOINT;
if (!endpoint) usage('no DynamoDB endpoint: pass --endpoint (npm start prints it) or set DYNAMODB_ENDPOINT');
const table = (values.table as string | undefined) ?? process.env.THETA_TABLE_TASKERS ?? localTableNames().taskers;
const sessions = (values['sessions-table'] as string | undefined) ?? process.env.THETA_TABLE_SESSIONS ?? localTableNames().sessions;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const clients = createLocalDynamoDbClients(endpoint);
try {
  const result = await exportAnalytics({ reader: new DynamoAnalyticsExportStore(clients.doc, { taskers: table, sessions }), log });
  console.error(
    `export: ${result.taskers} taskers → ${result.enrollments} enrolments (${result.files.enrollments}), ${result.measurements} measurements (${result.files.measurements}), ${result.trackChanges} track changes (${result.files.trackChanges})`,
  );
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  clients.destroy();
}
