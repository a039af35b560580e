import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AttemptsRecord,
  CompletePlacementWrite,
  PlacementSession,
  PlacementStore,
  ResponseRecord,
} from '@theta/assessment';
import { atVersion, conditionally } from '../conditional';
import { keys } from '../keys';

export interface PlacementTables {
  sessions: string;
  /** needed only by functions that complete placements */
  taskers?: string;
}

/** Idle sessions are kept this long after their idle deadline, then DynamoDB TTL deletes them. */
const EXPIRED_RETENTION_SECONDS = 30 * 24 * 3600;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function sessionItem(session: PlacementSession): Record<string, unknown> {
  const inProgress = session.status === 'in-progress';
  const { cat, ...rest } = session;
  return {
    ...keys.placement(session.id),
    ...keys.placementByTasker(session.taskerId, session.createdAt, session.id),
    entity: 'placement',
    ...rest,
    // JSON text, not a DynamoDB map: maps do not keep key order, and the CAT state must replay exactly
    cat: JSON.stringify(cat),
    // only unfinished sessions expire; completed ones are the audit record of a decision
    ...(inProgress ? { expiresAt: epochSeconds(session.idleDeadline) + EXPIRED_RETENTION_SECONDS } : {}),
  };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, entity: _t, expiresAt: _e, ...rest } = item;
  return rest as T;
}

export class DynamoPlacementStore implements PlacementStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: PlacementTables,
  ) {}

  async getAttempts(taskerId: string): Promise<AttemptsRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.attempts(taskerId), ConsistentRead: true }));
    return out.Item ? stripKeys<AttemptsRecord>(out.Item) : undefined;
  }

  async startPlacement(session: PlacementSession, attempts: AttemptsRecord, previousVersion: number | undefined): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tables.sessions,
                  Item: sessionItem(session),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tables.sessions,
                  Item: { ...keys.attempts(attempts.taskerId), entity: 'attempts', ...attempts },
                  ...atVersion(previousVersion),
                },
              },
            ],
          }),
        ),
      'placement_start_conflict',
      'another placement for this tasker was started at the same time',
    );
  }

  async getPlacement(id: string): Promise<PlacementSession | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.placement(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const session = stripKeys<PlacementSession & { cat: string }>(out.Item);
    return { ...session, cat: JSON.parse(session.cat) as PlacementSession['cat'] };
  }

  private sessionUpdate(session: PlacementSession, expectedVersion: number) {
    return {
      Put: {
        TableName: this.tables.sessions,
        Item: sessionItem(session),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    };
  }

  private responsePut(response: ResponseRecord) {
    return {
      Put: {
        TableName: this.tables.sessions,
        Item: { ...keys.placementResponse(response.placementId, response.seq), entity: 'response', ...response },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async recordResponse(session: PlacementSession, expectedVersion: number, response: ResponseRecord): Promise<void> {
    await conditionally(
      () => this.db.send(new TransactWriteCommand({ TransactItems: [this.sessionUpdate(session, expectedVersion), this.responsePut(response)] })),
      'placement_changed',
      'the placement changed since it was read (another answer was recorded first)',
    );
  }

  async completePlacement(write: CompletePlacementWrite): Promise<void> {
    const { session, attempts, track, event } = write;
    const taskerId = session.taskerId;
    const taskers = this.tables.taskers;
    if (!taskers) throw new Error('completing a placement needs the taskers table: list it on the route');
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.sessionUpdate(session, write.expectedVersion),
              this.responsePut(write.response),
              {
                Put: {
                  TableName: this.tables.sessions,
                  Item: { ...keys.attempts(taskerId), entity: 'attempts', ...attempts },
                  ConditionExpression: 'version = :v',
                  ExpressionAttributeValues: { ':v': attempts.version - 1 },
                },
              },
              { Put: { TableName: taskers, Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId, track } } },
              ...write.proficiency.flatMap((p) => [
                { Put: { TableName: taskers, Item: { ...keys.taskerSkill(taskerId, p.skill), entity: 'proficiency', ...p } } },
                { Put: { TableName: taskers, Item: { ...keys.taskerHistory(taskerId, p.measuredAt, p.skill), entity: 'history', ...p } } },
              ]),
              { Put: { TableName: taskers, Item: { ...keys.taskerTrack(taskerId, track.assignedAt), entity: 'track', ...track } } },
              {
                Put: {
                  TableName: taskers,
                  Item: { ...keys.taskerEvent(taskerId, event.at, event.id), entity: 'event', ...event },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        ),
      'placement_changed',
      'the placement changed since it was read (another answer was recorded first)',
    );
  }

  async expirePlacement(session: PlacementSession, expectedVersion: number, shownItems: string[]): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.sessionUpdate(session, expectedVersion),
              {
                Update: {
                  TableName: this.tables.sessions,
                  Key: keys.attempts(session.taskerId),
                  // items shown in an expired attempt were seen: never shown to this tasker again
                  UpdateExpression: 'REMOVE activePlacementId, activeIdleDeadline SET version = version + :one, seenItems = list_append(seenItems, :items)',
                  ConditionExpression: 'activePlacementId = :id',
                  ExpressionAttributeValues: { ':id': session.id, ':one': 1, ':items': shownItems },
                },
              },
            ],
          }),
        ),
      'placement_changed',
      'the placement changed since it was read',
    );
  }

  async listResponses(placementId: string): Promise<ResponseRecord[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tables.sessions,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :resp)',
        ExpressionAttributeValues: { ':pk': keys.placement(placementId).pk, ':resp': 'RESP#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => stripKeys<ResponseRecord>(i));
  }
}

