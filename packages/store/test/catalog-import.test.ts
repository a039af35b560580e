// Item import against DynamoDB Local: a batch is ONE transaction, so a failure anywhere in it — even in its
// last record — leaves nothing of it visible; existing ids are found by key lookups.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { IMPORT_BATCH_LIMITS, splitItem, validateItemBatch, type SplitItem } from '@theta/assessment';
import type { LocalDynamoDbClients, TableNames } from '@theta/local';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { keys } from '../src/keys';
import { DynamoCatalogStore } from '../src/repositories/catalog-repository';

const tables = useFreshTables('import');
let clients: LocalDynamoDbClients;
let names: TableNames;
let catalog: DynamoCatalogStore;

beforeAll(async () => {
  ({ clients, names } = tables);
  catalog = new DynamoCatalogStore(clients.doc, names.bank);
});

function items(prefix: string, n: number): SplitItem[] {
  const raw = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    skill: 'math',
    status: 'active',
    model: '2PL',
    a: 1.1,
    b: i / 10,
    content: { stem: `What is ${i} + 1?`, options: [{ id: 'A', text: String(i + 1) }, { id: 'B', text: String(i), errorTag: 'off-by-one' }], explanation: '' },
    key: { type: 'choice', correct: 'A' },
  }));
  const valid = validateItemBatch({ items: raw });
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return valid.batch.items.map((item) => splitItem(item));
}

async function bankRows(pk: string): Promise<number> {
  const out = await clients.doc.send(new QueryCommand({ TableName: names.bank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
  return out.Count ?? 0;
}

describe('DynamoCatalogStore.importItems', () => {
  const fullBatch = Math.floor((IMPORT_BATCH_LIMITS.maxWrites - 1) / IMPORT_BATCH_LIMITS.writesPerItem); // 33 items + 1 group = 100 writes

  it('a failure in the last record of a full batch leaves nothing of the batch visible', async () => {
    const batch = items('fail', fullBatch);
    // an enemy group record above DynamoDB's 400 KB item limit: the very last write of the transaction fails
    const oversizedGroup = ['fail-0', 'x'.repeat(420_000)];
    await expect(catalog.importItems(batch, [oversizedGroup])).rejects.toThrow();
    for (const item of batch) expect(await bankRows(keys.itemMeta(item.meta.id).pk)).toBe(0); // no META, CONTENT or SECURE
    expect(await bankRows('ENEMIES')).toBe(0);
  });

  it('the same batch without the bad record lands whole: every item’s three records and the group', async () => {
    const batch = items('fail', fullBatch);
    const out = await catalog.importItems(batch, [['fail-0', 'fail-1'], ['fail-1', 'fail-0']]); // listed twice: one record
    expect(out.written).toHaveLength(fullBatch);
    for (const item of batch) expect(await bankRows(keys.itemMeta(item.meta.id).pk)).toBe(3);
    const groups = await clients.doc.send(new QueryCommand({ TableName: names.bank, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ENEMIES' } }));
    expect(groups.Items?.map((g) => g.members)).toEqual([['fail-0', 'fail-1']]);
  });

  it('refuses a batch larger than one transaction instead of writing part of it', async () => {
    const batch = items('big', fullBatch + 1);
    await expect(catalog.importItems(batch, [])).rejects.toThrow(/does not fit one transaction/);
    expect(await bankRows(keys.itemMeta('big-0').pk)).toBe(0);
  });

  it('existingItemIds finds exactly the stored ids, by key', async () => {
    expect((await catalog.existingItemIds(['fail-3', 'nope-1', 'fail-7', 'fail-3'])).sort()).toEqual(['fail-3', 'fail-7']);
    expect(await catalog.existingItemIds([])).toEqual([]);
    const meta = await clients.doc.send(new GetCommand({ TableName: names.bank, Key: keys.itemMeta('fail-3') }));
    expect(meta.Item?.version).toBe(1);
  });
});
