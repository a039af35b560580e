import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent, ProficiencyRecord, ProjectQualification, TaskerStore, TaskerView, TrackAssignment } from '@theta/assessment';
import { keys } from '../keys';

const HISTORY_LIMIT = 100;

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _t, ...rest } = item;
  return rest as T;
}

export class DynamoTaskerStore implements TaskerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async queryPrefix(taskerId: string, prefix: string, opts: { limit?: number; newestFirst?: boolean } = {}) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':prefix': prefix },
        ScanIndexForward: !opts.newestFirst,
        Limit: opts.limit,
        // a read right after a completion must see it (onboarding acts on the result at once)
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  }

  async getTasker(taskerId: string): Promise<TaskerView | undefined> {
    const [profile, skills, history, projects] = await Promise.all([
      this.queryPrefix(taskerId, 'PROFILE'),
      this.queryPrefix(taskerId, 'SKILL#'),
      this.queryPrefix(taskerId, 'HISTORY#', { limit: HISTORY_LIMIT, newestFirst: true }),
      this.queryPrefix(taskerId, 'PROJECT#'),
    ]);
    if (profile.length === 0 && skills.length === 0 && projects.length === 0) return undefined;
    const track = profile[0]?.track as TrackAssignment | undefined;
    return {
      taskerId,
      ...(track ? { track } : {}),
      projects: projects.map((i) => {
        const { taskerId: _t, ...project } = strip<ProjectQualification & { taskerId: string }>(i);
        return project;
      }),
      proficiency: skills.map((i) => strip<ProficiencyRecord>(i)),
      history: history.map((i) => strip<ProficiencyRecord>(i)),
    };
  }

  async listEvents(taskerId: string): Promise<DomainEvent[]> {
    return (await this.queryPrefix(taskerId, 'EVENT#')).map((i) => strip<DomainEvent>(i));
  }
}
