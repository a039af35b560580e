import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent, ProficiencyRecord, ProjectQualification, TaskerStore, TaskerView, TrackAssignment } from '@theta/assessment';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../keys';

/** the newest measurements (completed placements) a tasker view lists, each with every skill it measured */
const HISTORY_MEASUREMENTS = 50;

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
    const [profiles, measurements, projects] = await Promise.all([
      this.queryPrefix(taskerId, 'PROFILE'),
      this.queryPrefix(taskerId, 'HISTORY#', { limit: HISTORY_MEASUREMENTS, newestFirst: true }),
      this.queryPrefix(taskerId, 'PROJECT#'),
    ]);
    const profile = profiles[0];
    if (!profile && projects.length === 0) return undefined;
    const track = profile?.track as TrackAssignment | undefined;
    const proficiency = Object.entries(profile ?? {})
      .filter(([name]) => name.startsWith(PROFICIENCY_ATTRIBUTE_PREFIX))
      .map(([, record]) => record as ProficiencyRecord)
      .sort((a, b) => (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0));
    return {
      taskerId,
      ...(track ? { track } : {}),
      projects: projects.map((i) => {
        const { taskerId: _t, ...project } = strip<ProjectQualification & { taskerId: string }>(i);
        return project;
      }),
      proficiency,
      // rows of another layout (e.g. an old local .data) carry no records: skipped, not an error
      history: measurements.flatMap((m) => (Array.isArray(m.records) ? (m.records as ProficiencyRecord[]) : [])),
    };
  }

  async listEvents(taskerId: string): Promise<DomainEvent[]> {
    return (await this.queryPrefix(taskerId, 'EVENT#')).map((i) => strip<DomainEvent>(i));
  }
}
