import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isLostRace } from './conditional';

/**
 * Request counters for the per-principal rate limits (packages/http rate-limit.ts), in the idempotency table: one
 * row per key and window, counted by a conditional ADD (never above the limit, no read first) and expired by TTL.
 */
export class DynamoRateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async take(key: string, limit: number, windowStartSeconds: number, windowSeconds: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id: `${key}#${windowStartSeconds}` },
          UpdateExpression: 'ADD #n :one SET expiration = if_not_exists(expiration, :expires)',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'count' },
          // kept a window past its end: TTL deletes within days, the window key makes old rows irrelevant anyway
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowStartSeconds + 2 * windowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }
}
