// Remediation rules (bank table: current pointers and immutable versions in one partition) and quality signals
// (taskers table: on the tasker's partition by skill and time, with a request-key row written in the same transaction).
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REMEDIATION_RULE_CHANGED, type QualitySignal, type QualitySignalPage, type QualitySignalPageReader, type QualitySignalPageRequest, type QualitySignalStore, type RemediationRule, type RemediationRuleStore } from '@theta/assessment';
import { conditionally, isLostRace } from '../conditional';
import { keys } from '../keys';
import { decodePartitionCursor, encodePartitionCursor } from '../partition-cursor';
import { queryAll } from '../query-all';

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
  return rest as T;
}

export class DynamoRemediationRuleStore implements RemediationRuleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listRemediationRules(): Promise<RemediationRule[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cur)',
      ExpressionAttributeValues: { ':pk': 'REMEDIATION-RULES', ':cur': 'CUR#' },
    });
    return items.map((i) => strip<RemediationRule>(i));
  }

  async getRemediationRule(id: string): Promise<RemediationRule | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.remediationRuleCurrent(id), ConsistentRead: true }));
    return out.Item ? strip<RemediationRule>(out.Item) : undefined;
  }

  async putRemediationRule(rule: RemediationRule): Promise<void> {
    const pointer =
      rule.version === 1
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': rule.version - 1 } };
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table, Item: { ...keys.remediationRuleCurrent(rule.id), entity: 'remediation-rule', ...rule }, ...pointer } },
              { Put: { TableName: this.table, Item: { ...keys.remediationRuleVersion(rule.id, rule.version), entity: 'remediation-rule-version', ...rule }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        ),
      REMEDIATION_RULE_CHANGED,
      `rule '${rule.id}' changed since it was read`,
    );
  }
}

export class DynamoQualitySignalStore implements QualitySignalStore, QualitySignalPageReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putQualitySignal(signal: QualitySignal, requestKey: string): Promise<QualitySignal | undefined> {
    const absent = 'attribute_not_exists(pk)';
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { ...keys.qualitySignal(signal.taskerId, signal.skill, signal.receivedAt, signal.id), entity: 'quality-signal', ...signal }, ConditionExpression: absent } },
            { Put: { TableName: this.table, Item: { ...keys.qualitySignalKey(signal.taskerId, requestKey), entity: 'quality-signal-key', signal }, ConditionExpression: absent } },
          ],
        }),
      );
      return undefined;
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.qualitySignalKey(signal.taskerId, requestKey), ConsistentRead: true }));
      if (!out.Item) throw error;
      return out.Item.signal as QualitySignal;
    }
  }

  async listQualitySignals(taskerId: string, skill: string, limit: number): Promise<QualitySignal[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':prefix': `QUALITY#${skill}#` },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => strip<QualitySignal>(i));
  }

  /** One page of the tasker's signals (of one skill, or all), by skill then newest first: one Query of the partition. */
  async listQualitySignalPage(taskerId: string, page: QualitySignalPageRequest): Promise<QualitySignalPage> {
    const { pk } = keys.tasker(taskerId);
    const prefix = page.skill === undefined ? 'QUALITY#' : `QUALITY#${page.skill}#`;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ConsistentRead: true,
        ...(page.cursor ? { ExclusiveStartKey: decodePartitionCursor(pk, prefix, page.cursor, 'these quality signals') } : {}),
      }),
    );
    const signals = (out.Items ?? []).map((i) => strip<QualitySignal>(i));
    return { signals, ...(out.LastEvaluatedKey ? { cursor: encodePartitionCursor(out.LastEvaluatedKey) } : {}) };
  }
}
