import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from './src/dynamodb/dynamodb-local';
import { createLocalDynamoDbClients } from './src/dynamodb/local-aws';
import { ensureTables, localTableNames } from './src/dynamodb/tables';
const d = await startDynamoDbLocal();
const c = createLocalDynamoDbClients(d.endpoint);
const names = localTableNames('ttl-');
await ensureTables(c.client, names);
await c.doc.send(new PutCommand({ TableName: names.sessions, Item: { pk: 'a', sk: 'b', expiresAt: Math.floor(Date.now()/1000) - 60 } }));
for (let i = 0; i < 12; i++) {
  const r = await c.doc.send(new GetCommand({ TableName: names.sessions, Key: { pk: 'a', sk: 'b' } }));
  console.log(i * 10, 's present:', !!r.Item);
  if (!r.Item) break;
  await new Promise((res) => setTimeout(res, 10000));
}
c.destroy(); await d.stop();
