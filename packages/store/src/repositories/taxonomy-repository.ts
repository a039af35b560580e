import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ErrorTag, TaxonomyStore } from '@theta/assessment';
import { atVersion, conditionally } from '../conditional';
import { keys } from '../keys';
import { queryAll } from '../query-all';

const toTag = (row: Record<string, unknown>): ErrorTag => {
  const { pk: _pk, sk: _sk, entity: _e, ...tag } = row;
  return tag as unknown as ErrorTag;
};

/** The error taxonomy in the bank table: one partition `ERRORTAGS`, a row per tag, versioned. */
export class DynamoTaxonomyStore implements TaxonomyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listErrorTags(): Promise<ErrorTag[]> {
    const rows = await queryAll(this.db, { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.errorTags().pk }, ConsistentRead: true });
    return rows.map(toTag);
  }

  async getErrorTag(slug: string): Promise<ErrorTag | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.errorTag(slug) }));
    return out.Item ? toTag(out.Item) : undefined;
  }

  async putErrorTag(tag: ErrorTag): Promise<void> {
    await conditionally(
      () => this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.errorTag(tag.slug), entity: 'error-tag', ...tag }, ...atVersion(tag.version > 1 ? tag.version - 1 : undefined) })),
      'error_tag_changed',
      `error tag '${tag.slug}' changed since it was read`,
    );
  }
}
