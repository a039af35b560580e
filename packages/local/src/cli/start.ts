// npm start [-- --reset]: the embedded default. DynamoDB Local on disk (.data/dynamodb),
// every table from TABLES, demo data, and ROUTES served like API Gateway on PORT (3000).
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SUBJECTS, DEV_ROLES } from '../auth/dev-issuer';
import { createDevTokenSigner } from '../auth/dev-tokens';
import { loadOrCreateIssuerKeys } from '../auth/issuer-keys';
import { type EmbeddedStack, startEmbeddedStack } from '../embedded-stack';
import { dynamoDbDataDir, issuerKeyDir, REPO_ROOT, WEB_DIST_DIR } from '../paths';
import { stopOnSignalsAndCrashes } from './shutdown';

const PRINTED_TOKEN_TTL_SECONDS = 12 * 3600;
/** every scheduled job runs this often locally (in AWS each has its own rate) */
const JOBS_EVERY_MS = 60_000;
const USAGE = `usage: npm start [-- --reset]
  --reset   delete the local database (.data/dynamodb) first; keys in .data/keys are kept
  env PORT  HTTP port (default 3000); THETA_DATA_DIR moves .data elsewhere`;

function parseOptions(): { reset: boolean; port: number } {
  try {
    const { values } = parseArgs({ options: { reset: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const port = Number(process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
    return { reset: values.reset ?? false, port };
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

// Node 20 is the project's runtime; the SDK's "needs Node 22 from 2027" notice is known and
// would otherwise head every start. Set the variable to "false" to see it again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { reset, port } = parseOptions();
const dataDir = dynamoDbDataDir();
const show = (path: string) => relative(process.cwd(), path) || '.';
const log = (message: string) => console.log(`[theta-local] ${message}`);

let stack: EmbeddedStack | undefined;
stopOnSignalsAndCrashes(async () => {
  await stack?.stop();
  log('stopped');
});

if (reset) {
  rmSync(dataDir, { recursive: true, force: true });
  log(`reset: deleted ${show(dataDir)}`);
}

const started = Date.now();
const issuerKeys = await loadOrCreateIssuerKeys(issuerKeyDir());
try {
  stack = await startEmbeddedStack({
    // supervised: restarted on the same port if Java dies (bounded; docs/local-stack.md)
    dynamoDb: { launch: { dbPath: dataDir }, supervise: true },
    issuerKeys,
    seed: true,
    log,
    // the tasker app and the ops / training console at / (built by npm ci's prepare step: npm run build:web)
    webDir: WEB_DIST_DIR,
    // the scheduled jobs (idle-placement expiry) on a local timer; in AWS each has its own schedule
    jobsEveryMs: JOBS_EVERY_MS,
    server: {
      port,
      host: process.env.HOST ?? '127.0.0.1',
      onRequest: (r) => log(`${r.method} ${r.path} -> ${r.status} ${r.durationMs} ms${r.routeId ? ` (${r.routeId})` : ''}`),
    },
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `error: port ${port} is in use (another npm start?). Try PORT=${port + 1} npm start`
      : `error: ${message}`,
  );
  process.exit(1);
}

const signer = createDevTokenSigner(issuerKeys);
const tokens = await Promise.all(
  DEV_ROLES.map(async (role) => ({
    role,
    sub: DEMO_SUBJECTS[role],
    token: await signer({ sub: DEMO_SUBJECTS[role], roles: [role], ttlSeconds: PRINTED_TOKEN_TTL_SECONDS }),
  })),
);

const lines = [
  '',
  `Theta local stack ready in ${Date.now() - started} ms`,
  `  Web app    ${stack.url}/  (tasker app, ops and training console; sign in as any role)`,
  `  API        ${stack.url}`,
  `  DynamoDB   ${stack.dynamoDbEndpoint}  (DynamoDB Local, data in ${show(dataDir)}${stack.tables.created.length > 0 ? `, created ${stack.tables.created.length} tables` : ''})`,
  `  Tables     ${Object.values(stack.tableNames).join(', ')}`,
  ...(stack.tables.drifted.length > 0
    ? [`  WARNING    ${stack.tables.drifted.join(', ')} differ from packages/store/src/tables.ts: npm start -- --reset`]
    : []),
  '  Routes',
  ...stack.routes.map((r) => `    ${r.method.padEnd(6)} ${r.path}${r.public ? '  (public)' : ''}  -> ${r.entry}`),
  `  Jobs (every ${JOBS_EVERY_MS / 60_000} min here)`,
  ...stack.jobs.map((j) => `    ${j.id}: ${j.description} (every ${j.everyMinutes} min in AWS)  -> ${j.entry}`),
  '',
  `Tokens (valid ${PRINTED_TOKEN_TTL_SECONDS / 3600} h; more: npm run -s token -- --role <role> --sub <id>):`,
  ...tokens.map((t) => `  ${t.role.padEnd(10)} sub=${t.sub}\n    ${t.token}`),
  '',
  `Try: curl -s ${stack.url}/v1/health`,
  `     curl -s -H "Authorization: Bearer <token>" ${stack.url}/v1/me`,
  `Keys: ${show(issuerKeyDir())}   Repo: ${show(REPO_ROOT)}   Ctrl-C stops everything.`,
  '',
];
console.log(lines.join('\n'));
