// Does DynamoDB Local on disk (as `npm start` runs it) keep every write it acknowledged when its JVM is SIGKILLed?
// 10 concurrent writers commit answer-shaped transactions (a session Put and a response Put, two tables) and
// single Puts; Java is killed mid-flight after `--kill-after` ms; DynamoDB Local is restarted on the same
// directory and every acknowledged write is looked up. Prints acknowledged / found / lost per round.
//   npx tsx packages/local/bench/durability-probe.ts [--rounds 5] [--kill-after 1500]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalDynamoDbClients, startDynamoDbLocal } from '../src/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'kill-after': { type: 'string', default: '1500' } } });
const rounds = Number(values.rounds);
const killAfterMs = Number(values['kill-after']);
const TABLES = ['sessions', 'responses'];

async function round(r: number): Promise<{ acked: number; found: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'theta-durability-'));
  let db = await startDynamoDbLocal({ dbPath: dir });
  let clients = createLocalDynamoDbClients(db.endpoint);
  for (const TableName of TABLES) {
    await clients.client.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  }
  const acked: string[] = [];
  let killed = false;
  const writer = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const id = `r${r}-w${w}-${i}`;
      try {
        if (i % 3 === 2) await clients.doc.send(new PutCommand({ TableName: 'sessions', Item: { pk: id, kind: 'put' } }));
        else await clients.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'sessions', Item: { pk: id } } }, { Put: { TableName: 'responses', Item: { pk: id } } }] }));
        if (!killed) acked.push(id);
      } catch {
        return; // the kill: unacknowledged from here on
      }
    }
  };
  const writers = Array.from({ length: 10 }, (_, w) => writer(w));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  // acknowledged = answered before the kill signal is sent
  const ackedBeforeKill = [...acked];
  killed = true;
  process.kill(db.javaPid as number, 'SIGKILL');
  await Promise.race([db.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  await Promise.allSettled(writers);
  await db.stop();
  clients.destroy();
  db = await startDynamoDbLocal({ dbPath: dir });
  clients = createLocalDynamoDbClients(db.endpoint);
  let found = 0;
  for (let i = 0; i < ackedBeforeKill.length; i += 50) {
    const ids = ackedBeforeKill.slice(i, i + 50);
    const out = await clients.doc.send(new BatchGetCommand({ RequestItems: { sessions: { Keys: ids.map((pk) => ({ pk })) } } }));
    found += out.Responses?.sessions?.length ?? 0;
  }
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
  return { acked: ackedBeforeKill.length, found };
}

let lost = 0;
for (let r = 1; r <= rounds; r++) {
  const { acked, found } = await round(r);
  lost += acked - found;
  console.log(`round ${r}: killed after ${killAfterMs} ms; acknowledged ${acked}, found after restart ${found}, lost ${acked - found}`);
}
console.log(`total lost: ${lost}`);
