// Erasing a tasker (docs/security.md "Privacy", docs/data-model.md "Erasure"): every record is found by key or by a
// Query of a partition or index, never a Scan, and deleted up to 100 per transaction. Each step re-reads what is left, so a crash
// at any point is finished by the next call. The audit rows are copied, anonymised, under the pseudonym before the
// originals go; the ERASURE marker lives there too, so nothing kept carries the tasker id.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ERASURE_CHANGED, NO_COUNTS, type ErasureCounts, type ErasureRecord, type ErasureStep, type TaskerErasureStore } from '@theta/assessment';
import { conditionally } from '../conditional';
import { keys } from '../keys';
import { queryAll } from '../query-all';

export interface ErasureTables {
  sessions: string;
  taskers: string;
  /** the rate counters' table (idempotency) */
  counters: string;
}

export interface ErasureOptions {
  /** the rate-limit rules' names (functions/contracts/rate-limits.ts): their counters are keyed by the tasker id */
  rateCounterNames?: readonly string[];
  /** the counters' window (packages/http rate-limit.ts) */
  rateWindowSeconds?: number;
  /** test hook: runs after each batch written, before the next (a throw simulates a crash mid-way) */
  afterBatch?: (batch: number) => void;
  now?: () => Date;
}

type Row = Record<string, unknown>;
type Key = { pk: string; sk: string };
type Write = { Delete: { TableName: string; Key: Row } } | { Put: { TableName: string; Item: Row } };

/**
 * Writes per transaction (TransactWriteItems' limit). Transactions, not BatchWriteItem: an audit row's anonymous
 * copy and the original's deletion commit together, and no function needs batch writes (infra/test/route-grants).
 */
const BATCH_SIZE = 100;
/** pauses before re-sending a batch that met another writer's transaction (real DynamoDB only) */
const RETRY_DELAYS_MS = [50, 200, 800];
/** a counter expires two windows after its window starts (rate-limiter.ts); the live ones are these few */
const LIVE_COUNTER_WINDOWS = 3;

const ERASURE_SK = 'ERASURE';
const keyOf = (row: Row): Key => ({ pk: row.pk as string, sk: row.sk as string });

/** Every occurrence of the tasker id in a kept text (an ops reason naming them) becomes the pseudonym. */
const redact = (text: unknown, taskerId: string, pseudonym: string): unknown => (typeof text === 'string' ? text.split(taskerId).join(pseudonym) : text);

/**
 * The anonymous copy of one TRACK# audit row: who, when, from, to and why stay (the why with the id redacted); the
 * tasker id becomes the pseudonym; what links back to erased records (placement id, the request key) is dropped.
 */
export function anonymisedAuditRow(row: Row, taskerId: string, pseudonym: string): Row {
  const base = { pk: keys.tasker(pseudonym).pk, sk: row.sk, entity: row.entity, erased: true };
  const text = (value: unknown) => redact(value, taskerId, pseudonym);
  if (row.entity === 'track-move') {
    const actor = row.actor as Row | undefined;
    return { ...base, id: row.id, taskerId: pseudonym, at: row.at, ...(row.from !== undefined ? { from: row.from } : {}), to: row.to, reason: text(row.reason), ...(actor ? { actor } : {}) };
  }
  return {
    ...base,
    track: row.track,
    reason: text(row.reason),
    rule: row.rule,
    assignedAt: row.assignedAt,
    assignedBy: text(row.assignedBy),
    ...(row.projectId !== undefined ? { projectId: row.projectId } : {}),
  };
}

function markerOf(item: Row): ErasureRecord {
  const { pseudonym, round, status, requestedBy, requestedAt, updatedAt, completedAt, counts } = item as unknown as ErasureRecord;
  return { pseudonym, round, status, requestedBy, requestedAt, updatedAt, ...(completedAt ? { completedAt } : {}), counts: { ...NO_COUNTS, ...counts } };
}

export class DynamoTaskerErasureStore implements TaskerErasureStore {
  private batches = 0;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: ErasureTables,
    private readonly options: ErasureOptions = {},
  ) {}

  async getErasure(pseudonym: string): Promise<ErasureRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.taskers, Key: { pk: keys.tasker(pseudonym).pk, sk: ERASURE_SK }, ConsistentRead: true }));
    return out.Item ? markerOf(out.Item) : undefined;
  }

  async hasRecords(taskerId: string): Promise<boolean> {
    const one = async (table: string, index?: string): Promise<boolean> => {
      const out = await this.db.send(
        new QueryCommand({
          TableName: table,
          ...(index ? { IndexName: index } : { ConsistentRead: true }),
          KeyConditionExpression: index ? 'gsi1pk = :pk' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk },
          Limit: 1,
        }),
      );
      return (out.Items ?? []).length > 0;
    };
    const found = await Promise.all([one(this.tables.taskers), one(this.tables.sessions), one(this.tables.sessions, 'gsi1')]);
    return found.some(Boolean);
  }

  async beginRound(record: ErasureRecord, previousRound: number | undefined): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new PutCommand({
            TableName: this.tables.taskers,
            Item: { pk: keys.tasker(record.pseudonym).pk, sk: ERASURE_SK, entity: 'erasure', ...record },
            ...(previousRound === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#round = :previous AND #status = :completed', ExpressionAttributeNames: { '#round': 'round', '#status': 'status' }, ExpressionAttributeValues: { ':previous': previousRound, ':completed': 'completed' } }),
          }),
        ),
      ERASURE_CHANGED,
      'another erasure of this tasker began first',
    );
  }

  async recordProgress(pseudonym: string, round: number, counts: ErasureCounts, at: string): Promise<void> {
    const names: Record<string, string> = { '#round': 'round', '#status': 'status', '#counts': 'counts' };
    const values: Record<string, unknown> = { ':round': round, ':active': 'in-progress', ':at': at };
    const adds = (Object.keys(NO_COUNTS) as (keyof ErasureCounts)[]).map((field) => {
      names[`#${field}`] = field;
      values[`:${field}`] = counts[field];
      return `#counts.#${field} :${field}`;
    });
    await conditionally(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tables.taskers,
            Key: { pk: keys.tasker(pseudonym).pk, sk: ERASURE_SK },
            UpdateExpression: `SET updatedAt = :at ADD ${adds.join(', ')}`,
            ConditionExpression: '#round = :round AND #status = :active',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      ERASURE_CHANGED,
      'the erasure completed or moved to another round meanwhile',
    );
  }

  async completeRound(record: ErasureRecord): Promise<void> {
    const pk = keys.tasker(record.pseudonym).pk;
    const at = record.completedAt ?? record.updatedAt;
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tables.taskers,
                  Item: { pk, sk: ERASURE_SK, entity: 'erasure', ...record },
                  ConditionExpression: '#round = :round AND #status = :active',
                  ExpressionAttributeNames: { '#round': 'round', '#status': 'status' },
                  ExpressionAttributeValues: { ':round': record.round, ':active': 'in-progress' },
                },
              },
              // the pseudonym's PROFILE: no track, no skills, off the track index; the audit route reads as for anyone
              { Put: { TableName: this.tables.taskers, Item: { pk, sk: 'PROFILE', entity: 'erased-tasker', erasedAt: at, erasedBy: record.requestedBy } } },
              {
                Put: {
                  TableName: this.tables.taskers,
                  Item: {
                    ...keys.taskerTrackMove(record.pseudonym, at, `erasure-${record.round}`),
                    entity: 'track-move',
                    erased: true,
                    id: `erasure-${record.round}`,
                    taskerId: record.pseudonym,
                    at,
                    to: 'erased',
                    reason: 'the tasker’s records were erased on request (privacy); earlier entries are kept under this pseudonym',
                    actor: { kind: 'person', sub: record.requestedBy },
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        ),
      ERASURE_CHANGED,
      'the erasure completed or moved to another round meanwhile',
    );
  }

  async eraseStep(taskerId: string, pseudonym: string, writeBudget: number): Promise<ErasureStep> {
    const counts: ErasureCounts = { ...NO_COUNTS };
    const spent = () => counts.sessions + counts.sessionRecords + counts.taskerRecords + counts.otherRecords + counts.auditEntriesKept;
    const taskerPk = keys.tasker(taskerId).pk;
    const partition = await queryAll(this.db, { TableName: this.tables.taskers, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': taskerPk }, ConsistentRead: true });

    // 1. rows elsewhere that name the tasker, found from the partition before it goes: the candidates of the bulk
    // reroutes that moved them (their MOVEKEY#bulk-<job> rows) and of those still running (the BULK-ACTIVE index)
    const bulkIds = new Set(partition.map((r) => /^MOVEKEY#bulk-(.+)$/.exec(r.sk as string)?.[1]).filter((id): id is string => id !== undefined));
    const active = await queryAll(this.db, { TableName: this.tables.taskers, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'BULK-ACTIVE' } });
    for (const job of active) bulkIds.add((job.pk as string).replace(/^BULK#/, ''));
    const elsewhere = [...bulkIds].map((id) => keys.bulkCandidate(id, taskerId)) as Row[];
    // the live rate counters (older ones are past their TTL)
    const windowSeconds = this.options.rateWindowSeconds ?? 60;
    const nowSeconds = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const counterKeys = (this.options.rateCounterNames ?? []).flatMap((name) =>
      Array.from({ length: LIVE_COUNTER_WINDOWS }, (_, back) => ({ id: `rate#${name}#${taskerId}#${windowStart - back * windowSeconds}` })),
    );
    // deleted blind, by key (an absent key is harmless): counted as keys deleted, found or not
    await this.write([...elsewhere.map((Key) => this.remove(this.tables.taskers, Key)), ...counterKeys.map((Key) => this.remove(this.tables.counters, Key))]);
    counts.otherRecords += elsewhere.length + counterKeys.length;

    // 2. sessions (placements, quizzes) by the gsi1 TASKER# entry of their STATE rows: each session's other rows
    // first, its STATE last, so a crash leaves the session findable for the retry
    const listed = await queryAll(this.db, { TableName: this.tables.sessions, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': taskerPk } });
    for (const sessionPk of new Set(listed.map((r) => r.pk as string))) {
      if (spent() >= writeBudget) return { done: false, counts };
      const rows = await queryAll(this.db, { TableName: this.tables.sessions, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': sessionPk }, ConsistentRead: true });
      const children = rows.filter((r) => r.sk !== 'STATE');
      const state = rows.filter((r) => r.sk === 'STATE');
      await this.write(children.map((r) => this.remove(this.tables.sessions, keyOf(r))));
      counts.sessionRecords += children.length;
      await this.write(state.map((r) => this.remove(this.tables.sessions, keyOf(r))));
      counts.sessions += state.length;
    }

    // 3. the tasker's partition on sessions: the placement slot (and its IDLE index entry), the retake ledgers
    const slots = await queryAll(this.db, { TableName: this.tables.sessions, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': taskerPk }, ConsistentRead: true });
    await this.write(slots.map((r) => this.remove(this.tables.sessions, keyOf(r))));
    counts.taskerRecords += slots.length;

    // 4. the tasker's partition on taskers, a budget's worth at a time; a TRACK# row's anonymous copy is written in
    // the same transaction as the original's deletion (a retry finds either both or neither)
    const rowsPerBatch = BATCH_SIZE / 2;
    for (let i = 0; i < partition.length; i += rowsPerBatch) {
      if (spent() >= writeBudget) return { done: false, counts };
      const chunk = partition.slice(i, i + rowsPerBatch);
      const audit = chunk.filter((r) => (r.sk as string).startsWith('TRACK#'));
      await this.write([
        ...audit.map((r): Write => ({ Put: { TableName: this.tables.taskers, Item: anonymisedAuditRow(r, taskerId, pseudonym) } })),
        ...chunk.map((r) => this.remove(this.tables.taskers, keyOf(r))),
      ]);
      counts.auditEntriesKept += audit.length;
      counts.taskerRecords += chunk.length;
    }
    return { done: true, counts };
  }

  private remove(table: string, key: Row): Write {
    return { Delete: { TableName: table, Key: key } };
  }

  /** Transactions of up to 100 writes, in order; a batch that met a concurrent transaction is sent again. */
  private async write(writes: Write[]): Promise<void> {
    for (let i = 0; i < writes.length; i += BATCH_SIZE) {
      const batch = writes.slice(i, i + BATCH_SIZE);
      for (let attempt = 0; ; attempt++) {
        try {
          await this.db.send(new TransactWriteCommand({ TransactItems: batch }));
          break;
        } catch (error) {
          const conflict = error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
          const delay = RETRY_DELAYS_MS[attempt];
          if (!conflict || delay === undefined) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
      this.options.afterBatch?.(++this.batches);
    }
  }
}
