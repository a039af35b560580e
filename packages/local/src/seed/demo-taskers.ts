import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SeedContext } from './seed-context';

/** Tasker ids that exist in a fresh local stack; the printed tasker token uses the first. */
export const DEMO_TASKER_IDS = ['demo-tasker-1', 'demo-tasker-2', 'demo-tasker-3'] as const;

/**
 * A profile row per demo tasker. Placeholder key design (TASKER#<id> / PROFILE) until the
 * taskers access patterns land in @theta/store; written only if absent, so re-running
 * keeps whatever the demo accumulated.
 */
export async function seedDemoTaskers(ctx: SeedContext): Promise<void> {
  let created = 0;
  for (const taskerId of DEMO_TASKER_IDS) {
    try {
      await ctx.ddb.send(
        new PutCommand({
          TableName: ctx.tableNames.taskers,
          Item: { pk: `TASKER#${taskerId}`, sk: 'PROFILE', taskerId, displayName: taskerId, createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      created++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  ctx.log(`demo taskers: ${created} created, ${DEMO_TASKER_IDS.length - created} already there`);
}
