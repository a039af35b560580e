import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  IMPORT_BATCH_LIMITS,
  blueprintSummary,
  type BankSnapshot,
  type BlueprintList,
  type BlueprintSummary,
  type BlueprintSummaryPage,
  type CatalogStore,
  type ImportOutcome,
  type ItemSecure,
  type PublicItemContent,
  type PublishedBlueprint,
  type SnapshotSourceItem,
  type SplitItem,
} from '@theta/assessment';
import { UnprocessableError } from '@theta/assessment/errors';
import { atVersion, conditionally } from '../conditional';
import { queryAll } from '../query-all';
import { batchGetAll } from '../batch-get-all';
import { keys, seq6 } from '../keys';
import { listedPage } from '../listed-page';

/** DynamoDB caps an item at 400 KB: snapshots are stored as JSON text in parts well below that. */
const SNAPSHOT_PART_CHARS = 300_000;
/** a transaction carries at most 4 MB: room for ~120,000 items, far beyond a blueprint's needs */
const SNAPSHOT_MAX_CHARS = 3_600_000;

/** placement-only (the default) is left out of the hash, so items stored before `use` existed are not rewritten */
const nonDefaultUse = (item: SplitItem): string[] => (item.meta.use && item.meta.use.join() !== 'placement' ? [item.meta.use.join()] : []);

const contentHash = (item: SplitItem): string =>
  createHash('sha256').update(JSON.stringify([item.meta.skill, item.meta.tags, item.meta.status, item.params, item.content, item.secure, ...nonDefaultUse(item)])).digest('hex');

/** stored META rows without `use` are placement items */
const usedFor = (row: Record<string, unknown>, use: 'placement' | 'practice'): boolean => (Array.isArray(row.use) ? (row.use as string[]) : ['placement']).includes(use);

const BLUEPRINT_LIST = { list: keys.blueprintListed('', '').gsi2pk, pkPrefix: 'BLUEPRINT#', sk: 'LATEST', what: 'the blueprint list' };

export class DynamoCatalogStore implements CatalogStore, BlueprintList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async storedMeta(ids: string[], projection: string): Promise<Record<string, unknown>[]> {
    return batchGetAll(this.db, this.table, [...new Set(ids)].map((id) => keys.itemMeta(id)), { ProjectionExpression: projection });
  }

  async existingItemIds(ids: string[]): Promise<string[]> {
    return (await this.storedMeta(ids, 'id')).map((item) => item.id as string);
  }

  async importItems(items: SplitItem[], enemies: string[][]): Promise<ImportOutcome> {
    const stored = new Map((await this.storedMeta(items.map((i) => i.meta.id), 'id, version, contentHash')).map((m) => [m.id as string, { version: m.version as number, hash: m.contentHash as string }]));
    const unchanged: string[] = [];
    const changes: { item: SplitItem; hash: string; previous?: number }[] = [];
    for (const item of items) {
      const hash = contentHash(item);
      const before = stored.get(item.meta.id);
      if (before?.hash === hash) unchanged.push(item.meta.id);
      else changes.push({ item, hash, ...(before ? { previous: before.version } : {}) });
    }
    const now = new Date().toISOString();
    const itemWrites = changes.flatMap(({ item, hash, previous }) => {
      const id = item.meta.id;
      const version = (previous ?? 0) + 1;
      return [
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.itemMeta(id),
              ...keys.skillIndex(item.meta.skill, id),
              // practice items are also on gsi2 (sparse), the Query a quiz finds its candidates with
              ...(item.meta.use?.includes('practice') ? keys.practiceIndex(item.meta.skill, id) : {}),
              entity: 'item',
              ...item.meta,
              params: item.params,
              version,
              contentHash: hash,
              updatedAt: now,
            },
            ...atVersion(previous),
          },
        },
        // each version's parts are new records: placements on an older snapshot keep reading their version
        { Put: { TableName: this.table, Item: { ...keys.itemContent(id, version), entity: 'item-content', ...item.content, version } } },
        { Put: { TableName: this.table, Item: { ...keys.itemSecure(id, version), entity: 'item-secure', ...item.secure, version } } },
      ];
    });
    // a group is keyed by its sorted members: the same group listed twice is one record (a transaction may not write a key twice)
    const groups = new Map(
      enemies.map((members) => {
        const sorted = [...members].sort();
        return [createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 16), sorted] as const;
      }),
    );
    const groupWrites = [...groups].map(([groupId, members]) => ({ Put: { TableName: this.table, Item: { ...keys.enemyGroup(groupId), entity: 'enemy-group', members } } }));
    const actions = [...itemWrites, ...groupWrites];
    if (actions.length === 0) return { written: [], unchanged };
    if (actions.length > IMPORT_BATCH_LIMITS.maxWrites) {
      // the domain rejects such batches before they get here (batchSizeError): one batch is one transaction
      throw new Error(`an import batch of ${actions.length} writes does not fit one transaction (${IMPORT_BATCH_LIMITS.maxWrites})`);
    }
    // ONE transaction: the batch lands whole or not at all
    await conditionally(
      () => this.db.send(new TransactWriteCommand({ TransactItems: actions })),
      'item_version_conflict',
      'an item in this batch was changed by another import at the same time; re-send the batch',
    );
    return { written: changes.map((c) => c.item.meta.id), unchanged };
  }

  async listSkillItems(skill: string): Promise<SnapshotSourceItem[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :skill',
      ExpressionAttributeValues: { ':skill': `SKILL#${skill}` },
    });
    // practice-only items never reach a placement snapshot
    return rows.filter((row) => usedFor(row, 'placement')).map((row) => ({
      ...(row.params as SnapshotSourceItem),
      skill: row.skill as string,
      status: row.status as SnapshotSourceItem['status'],
      // content and key are read at this version: an approved calibration moves `version` on, not the parts
      version: (row.partsVersion ?? row.version) as number,
    }));
  }

  async listEnemyGroups(): Promise<string[][]> {
    const rows = await queryAll(this.db, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ENEMIES' } });
    return rows.map((row) => row.members as string[]);
  }

  async getItemContent(itemId: string, version: number): Promise<PublicItemContent | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.itemContent(itemId, version), ProjectionExpression: 'stem, #o', ExpressionAttributeNames: { '#o': 'options' } }));
    return out.Item ? { stem: out.Item.stem as string, options: out.Item.options as PublicItemContent['options'] } : undefined;
  }

  async getItemSecure(itemId: string, version: number): Promise<ItemSecure | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.itemSecure(itemId, version) }));
    if (!out.Item) return undefined;
    const { key, optionIds, errorTags, explanation } = out.Item;
    return { key, optionIds, errorTags, explanation } as ItemSecure;
  }

  async latestBlueprintVersion(blueprintId: string): Promise<number | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.blueprintLatest(blueprintId), ConsistentRead: true }));
    return out.Item?.version as number | undefined;
  }

  async getBlueprint(blueprintId: string, version: number): Promise<PublishedBlueprint | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.blueprintVersion(blueprintId, version) }));
    return out.Item?.blueprint as PublishedBlueprint | undefined;
  }

  /** One page of every blueprint's latest version, newest publication first: one Query of gsi2 (the LATEST rows' summaries). */
  async listBlueprints(limit: number, cursor?: string): Promise<BlueprintSummaryPage> {
    const page = await listedPage(this.db, this.table, BLUEPRINT_LIST, limit, cursor);
    return { blueprints: page.items.map((row) => row.summary as BlueprintSummary), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async getSnapshot(blueprintId: string, version: number): Promise<BankSnapshot | undefined> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.snapshot(blueprintId, version).pk },
    });
    return rows.length === 0 ? undefined : (JSON.parse(rows.map((row) => row.json as string).join('')) as BankSnapshot);
  }

  async publishBlueprint(blueprint: PublishedBlueprint, snapshot: BankSnapshot, previousVersion: number | undefined, publishedBy: string): Promise<void> {
    const json = JSON.stringify(snapshot);
    if (json.length > SNAPSHOT_MAX_CHARS) {
      throw new UnprocessableError('snapshot_too_large', `the bank snapshot (${json.length} characters) exceeds ${SNAPSHOT_MAX_CHARS}: split the blueprint`);
    }
    const parts: string[] = [];
    for (let i = 0; i < json.length; i += SNAPSHOT_PART_CHARS) parts.push(json.slice(i, i + SNAPSHOT_PART_CHARS));
    const now = new Date().toISOString();
    const id = blueprint.id;
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  // on gsi2 with the list's summary of the version it names: the blueprint list reads it from the index
                  Item: { ...keys.blueprintLatest(id), ...keys.blueprintListed(now, id), entity: 'blueprint-latest', version: blueprint.version, updatedAt: now, summary: blueprintSummary(blueprint, now, publishedBy) },
                  ...atVersion(previousVersion),
                },
              },
              {
                Put: {
                  TableName: this.table,
                  // published versions are immutable: never overwritten
                  Item: { ...keys.blueprintVersion(id, blueprint.version), entity: 'blueprint', blueprint, snapshotVersion: snapshot.snapshotVersion, publishedAt: now, publishedBy },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...parts.map((part, i) => ({
                Put: { TableName: this.table, Item: { ...keys.snapshotPart(id, blueprint.version, i), entity: 'snapshot-part', json: part, part: seq6(i) } },
              })),
            ],
          }),
        ),
      'blueprint_version_conflict',
      `blueprint '${id}' was published by someone else at the same time; re-read and publish again`,
    );
  }
}
