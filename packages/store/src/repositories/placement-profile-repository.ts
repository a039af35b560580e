import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlacementProfileReader } from '@theta/assessment';
import { batchGetAll } from '../batch-get-all';
import { keys } from '../keys';

/** The profile onboarding declared for each placement (DIF groups of the calibration job): key reads, two attributes. */
export class DynamoPlacementProfileReader implements PlacementProfileReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly sessionsTable: string,
  ) {}

  async placementProfiles(placementIds: readonly string[]): Promise<Map<string, { taskerId: string; educationLevel?: string }>> {
    const rows = await batchGetAll(this.db, this.sessionsTable, [...new Set(placementIds)].map((id) => keys.placement(id)), {
      ProjectionExpression: 'id, taskerId, profile.educationLevel',
    });
    return new Map(
      rows.map((row) => {
        const level = (row.profile as { educationLevel?: unknown } | undefined)?.educationLevel;
        return [row.id as string, { taskerId: row.taskerId as string, ...(typeof level === 'string' ? { educationLevel: level } : {}) }];
      }),
    );
  }
}
