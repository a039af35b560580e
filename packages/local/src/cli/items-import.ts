// npm run items:import -- <bank.json> [--url http://127.0.0.1:3000] [--token <jwt>] [--check]
// Validates the whole file locally (every error, with its item and path), then sends it to
// POST /v1/items/batch of a running stack in atomic batches (each fits one transaction, so each
// lands whole or not at all; the first failure stops the import and says which batches landed). Without --token it signs an author token with the
// local issuer key, which is what `npm start` trusts; for a deployed stack pass a Cognito token.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { atomicBatches, validateItemBatch, type RawItemBatch } from '@theta/assessment';
import { signDevToken } from '../auth/dev-tokens';

const USAGE = `usage: npm run items:import -- <bank.json> [--url <api url>] [--token <jwt>] [--check]
  --url    API base URL (default $THETA_API_URL or http://127.0.0.1:$PORT, PORT default 3000)
  --token  bearer token with the author role (default: a local dev token)
  --check  validate only; send nothing`;

function fail(message: string, code = 2): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(code);
}

function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, token: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (positionals.length !== 1) fail('give exactly one bank file');
    const url = values.url ?? process.env.THETA_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
    return { file: positionals[0] as string, url: url.replace(/\/$/, ''), token: values.token, check: values.check ?? false };
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const args = parse(process.argv.slice(2));
let batch: unknown;
try {
  batch = JSON.parse(await readFile(args.file, 'utf8')) as unknown;
} catch (error) {
  fail(`cannot read ${args.file} as JSON: ${error instanceof Error ? error.message : String(error)}`, 1);
}

// enemy ids outside the file may name items already in the bank: the server checks those, batch by batch
const enemyIds = (batch as { enemies?: unknown }).enemies;
const knownItemIds = Array.isArray(enemyIds) ? enemyIds.flat().filter((id): id is string => typeof id === 'string') : [];
const validation = validateItemBatch(batch, { knownItemIds });
if (!validation.ok) {
  console.error(`${args.file}: ${validation.errors.length} problem(s); nothing was imported`);
  for (const e of validation.errors) console.error(`  ${e.path || '(batch)'}${e.itemId ? ` [${e.itemId}]` : ''}: ${e.message}`);
  process.exit(1);
}
console.log(`${args.file}: ${validation.batch.items.length} items valid`);
if (args.check) process.exit(0);

const token = args.token ?? (await signDevToken({ sub: 'items-import-cli', roles: ['author'], ttlSeconds: 600 }));
const batches = atomicBatches(batch as RawItemBatch);
console.log(`${args.file}: sending ${batches.length} atomic batch(es)`);
let written = 0;
let unchanged = 0;
for (const [n, part] of batches.entries()) {
  const label = `batch ${n + 1}/${batches.length} (${part.items.length} items, ${part.enemies?.length ?? 0} enemy groups)`;
  let response: Response;
  try {
    response = await fetch(`${args.url}/v1/items/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(part),
    });
  } catch (error) {
    fail(`cannot reach ${args.url} (is \`npm start\` running?): ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const body = await response.text();
  if (!response.ok) {
    console.error(`${label}: import failed: HTTP ${response.status}\n${body}`);
    console.error(n === 0 ? 'nothing was imported' : `batches 1-${n} were imported; this one and the rest were not (re-running is safe: unchanged items are not rewritten)`);
    process.exit(1);
  }
  const outcome = JSON.parse(body) as { written: string[]; unchanged: string[] };
  written += outcome.written.length;
  unchanged += outcome.unchanged.length;
  console.log(`${label}: ${outcome.written.length} written, ${outcome.unchanged.length} unchanged`);
}
console.log(`imported: ${written} written, ${unchanged} unchanged`);
