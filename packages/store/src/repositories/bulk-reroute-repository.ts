// Bulk reroutes on the taskers table: the job state (`BULK#<id>/STATE`, on gsi1 `BULK-ACTIVE` while it has work) and
// its candidates (`CAND#<taskerId>`). Each job step writes the state and the page's candidates in one transaction,
// conditional on the state's version, so two runners never both save a page.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BULK_CHANGED, type BulkCandidate, type BulkReroute, type BulkRerouteStore } from '@theta/assessment';
import { conditionally, isLostRace } from '../conditional';
import { keys } from '../keys';
import { decodePartitionCursor, encodePartitionCursor } from '../partition-cursor';

const active = (job: BulkReroute) => job.status === 'previewing' || job.status === 'applying';

function stateItem(job: BulkReroute): Record<string, unknown> {
  return { ...keys.bulkReroute(job.id), entity: 'bulk-reroute', ...job, ...(active(job) ? keys.bulkActive(job.createdAt, job.id) : {}) };
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, entity: _e, ...rest } = item;
  return rest as T;
}

export class DynamoBulkRerouteStore implements BulkRerouteStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createBulkReroute(job: BulkReroute): Promise<BulkReroute | undefined> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: stateItem(job), ConditionExpression: 'attribute_not_exists(pk)' }));
      return undefined;
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const existing = await this.getBulkReroute(job.id);
      if (!existing) throw error;
      return existing;
    }
  }

  async getBulkReroute(id: string): Promise<BulkReroute | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.bulkReroute(id), ConsistentRead: true }));
    return out.Item ? strip<BulkReroute>(out.Item) : undefined;
  }

  async listActiveBulkReroutes(limit: number): Promise<string[]> {
    const out = await this.db.send(
      new QueryCommand({ TableName: this.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'BULK-ACTIVE' }, Limit: limit }),
    );
    return (out.Items ?? []).map((i) => String(i.id));
  }

  async saveBulkPage(job: BulkReroute, expectedVersion: number, candidates: readonly BulkCandidate[]): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table, Item: stateItem(job), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } } },
              ...candidates.map((c) => ({ Put: { TableName: this.table, Item: { ...keys.bulkCandidate(job.id, c.taskerId), entity: 'bulk-candidate', ...c } } })),
            ],
          }),
        ),
      BULK_CHANGED,
      'the bulk reroute moved on since it was read (another run saved this page)',
    );
  }

  async listBulkCandidates(id: string, limit: number, cursor?: string): Promise<{ candidates: BulkCandidate[]; cursor?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.bulkReroute(id).pk, ':prefix': 'CAND#' },
        Limit: limit,
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: decodePartitionCursor(keys.bulkReroute(id).pk, 'CAND#', cursor, 'this bulk reroute’s candidates') } : {}),
      }),
    );
    return { candidates: (out.Items ?? []).map((i) => strip<BulkCandidate>(i)), ...(out.LastEvaluatedKey ? { cursor: encodePartitionCursor(out.LastEvaluatedKey) } : {}) };
  }
}
