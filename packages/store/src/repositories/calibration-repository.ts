import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalibrationApproval, CalibrationCatalog, CalibrationReport, CalibrationRun, CalibrationRunList, CalibrationRunPage, CalibrationSourceItem, CalibrationStore, ItemParameters } from '@theta/assessment';
import { ConflictError } from '@theta/assessment/errors';
import { atVersion, conditionally, isLostRace } from '../conditional';
import { batchGetAll } from '../batch-get-all';
import { keys } from '../keys';
import { queryAll } from '../query-all';
import { listedPage } from '../listed-page';

/** DynamoDB caps an item at 400 KB: reports are stored as JSON text in parts well below that. */
const REPORT_PART_CHARS = 300_000;
const PARAMETER_FIELDS = ['model', 'a', 'b', 'c', 'd', 'thresholds'] as const;

const runItem = (run: CalibrationRun) => ({
  ...keys.calibrationRun(run.id),
  ...(run.status === 'queued' ? keys.calibrationQueue(run.requestedAt, run.id) : {}),
  ...keys.calibrationListed(run.requestedAt, run.id),
  entity: 'calibration',
  run,
  version: run.version,
});

const RUN_LIST = { list: keys.calibrationListed('', '').gsi2pk, pkPrefix: 'CALIBRATION#', sk: 'RUN', what: 'this list' };

/** Calibration runs, reports and approved bank versions, in the bank table (docs/data-model.md). */
export class DynamoCalibrationStore implements CalibrationStore, CalibrationCatalog, CalibrationRunList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createRun(run: CalibrationRun): Promise<void> {
    await conditionally(
      () => this.db.send(new PutCommand({ TableName: this.table, Item: runItem(run), ConditionExpression: 'attribute_not_exists(pk)' })),
      'calibration_exists',
      `calibration '${run.id}' already exists`,
    );
  }

  async getRun(id: string): Promise<CalibrationRun | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.calibrationRun(id), ConsistentRead: true }));
    return out.Item?.run as CalibrationRun | undefined;
  }

  async getReport(id: string): Promise<CalibrationReport | undefined> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': keys.calibrationRun(id).pk, ':r': 'REPORT#' },
      ConsistentRead: true,
    });
    return rows.length === 0 ? undefined : (JSON.parse(rows.map((r) => r.json as string).join('')) as CalibrationReport);
  }

  /** One page of every run, newest first: one Query of gsi2. */
  async listRuns(limit: number, cursor?: string): Promise<CalibrationRunPage> {
    const page = await listedPage(this.db, this.table, RUN_LIST, limit, cursor);
    return { runs: page.items.map((r) => r.run as CalibrationRun), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async listQueued(limit: number): Promise<string[]> {
    const rows = await queryAll(
      this.db,
      { TableName: this.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'CALIBRATION-QUEUE' } },
      limit,
    );
    return rows.map((r) => (r.run as CalibrationRun).id);
  }

  private runPut(run: CalibrationRun, expectedVersion: number) {
    return { Put: { TableName: this.table, Item: runItem(run), ...atVersion(expectedVersion) } };
  }

  async updateRun(run: CalibrationRun, expectedVersion: number): Promise<void> {
    await conditionally(
      () => this.db.send(new PutCommand(this.runPut(run, expectedVersion).Put)),
      'calibration_changed',
      `calibration '${run.id}' was changed at the same time`,
    );
  }

  async completeRun(run: CalibrationRun, expectedVersion: number, report: CalibrationReport): Promise<void> {
    const json = JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    const parts: string[] = [];
    for (let i = 0; i < json.length; i += REPORT_PART_CHARS) parts.push(json.slice(i, i + REPORT_PART_CHARS));
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.runPut(run, expectedVersion),
              ...parts.map((part, i) => ({ Put: { TableName: this.table, Item: { ...keys.calibrationReportPart(run.id, i), entity: 'calibration-report', json: part } } })),
              // the latest report is the newest one: item health reads it
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.calibrationLatest(), entity: 'calibration-latest', calibrationId: run.id, createdAt: report.createdAt },
                  ConditionExpression: 'attribute_not_exists(pk) OR createdAt <= :c',
                  ExpressionAttributeValues: { ':c': report.createdAt },
                },
              },
            ],
          }),
        ),
      'calibration_changed',
      `calibration '${run.id}' was changed at the same time`,
    );
  }

  async latestReport(): Promise<CalibrationReport | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.calibrationLatest(), ConsistentRead: true }));
    return out.Item ? this.getReport(out.Item.calibrationId as string) : undefined;
  }

  async bankVersion(): Promise<number> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.bankVersionLatest(), ConsistentRead: true }));
    return (out.Item?.version as number | undefined) ?? 0;
  }

  async approve(run: CalibrationRun, expectedVersion: number, approval: CalibrationApproval, report: CalibrationReport): Promise<void> {
    const previous = approval.bankVersion - 1;
    const itemUpdates = report.candidate.map((change) => ({ Update: this.parameterUpdate(change.itemId, change.baseVersion, change.before, change.after, change.promote, run.id, approval.approvedAt) }));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { ...this.runPut(run, expectedVersion).Put, ConditionExpression: 'version = :v AND #run.#status = :completed', ExpressionAttributeNames: { '#run': 'run', '#status': 'status' }, ExpressionAttributeValues: { ':v': expectedVersion, ':completed': 'completed' } } },
            { Put: { TableName: this.table, Item: { ...keys.bankVersionLatest(), entity: 'bank-version-latest', version: approval.bankVersion, calibrationId: run.id, approvedAt: approval.approvedAt }, ...atVersion(previous === 0 ? undefined : previous) } },
            // the audit record: immutable
            { Put: { TableName: this.table, Item: { ...keys.bankVersion(approval.bankVersion), entity: 'bank-version', calibrationId: run.id, ...approval }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...itemUpdates,
          ],
        }),
      );
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const stale = report.candidate.filter((_, k) => reasons[k + 3]?.Code === 'ConditionalCheckFailed').map((c) => c.itemId);
      if (stale.length > 0)
        throw new ConflictError('stale_candidate', `items changed since the calibration read them (${stale.join(', ')}): run a new calibration`, { items: stale });
      throw new ConflictError('calibration_changed', 'the calibration or the bank version was changed at the same time; re-read and approve again');
    }
  }

  /**
   * An item's new parameters, iff it is still at the version the calibration read. Content and key are unchanged:
   * `partsVersion` keeps naming the version whose CONTENT#/SECURE# records they are.
   */
  private parameterUpdate(itemId: string, baseVersion: number, before: ItemParameters, after: ItemParameters, promote: boolean, calibrationId: string, at: string) {
    const names: Record<string, string> = { '#params': 'params' };
    const values: Record<string, unknown> = { ':base': baseVersion, ':next': baseVersion + 1, ':cid': calibrationId, ':at': at };
    const set = ['version = :next', 'partsVersion = if_not_exists(partsVersion, :base)', 'calibratedBy = :cid', 'updatedAt = :at'];
    const remove: string[] = [];
    for (const field of PARAMETER_FIELDS) {
      if (after[field] !== undefined) {
        set.push(`#params.#${field} = :${field}`);
        values[`:${field}`] = after[field];
      } else if (before[field] !== undefined) remove.push(`#params.#${field}`);
      else continue;
      names[`#${field}`] = field; // only names the expression uses (DynamoDB refuses unused ones)
    }
    if (promote) {
      names['#status'] = 'status';
      values[':active'] = 'active';
      set.push('#status = :active');
    }
    return {
      TableName: this.table,
      Key: keys.itemMeta(itemId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'version = :base',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  async getCalibrationItems(ids: string[]): Promise<CalibrationSourceItem[]> {
    const rows = await batchGetAll(this.db, this.table, ids.map((id) => keys.itemMeta(id)), { ProjectionExpression: 'id, skill, #s, params, version', ExpressionAttributeNames: { '#s': 'status' } });
    return rows.map((row) => {
      const p = row.params as ItemParameters & Record<string, unknown>;
      const params: ItemParameters = Object.fromEntries(PARAMETER_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]])) as unknown as ItemParameters;
      return { itemId: row.id as string, skill: row.skill as string, status: row.status as CalibrationSourceItem['status'], version: row.version as number, params };
    });
  }

}
