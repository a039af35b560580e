// Track moves and the track audit on the taskers table (docs/tracks.md, docs/data-model.md).
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TRACK_CHANGED, type MoveActor, type TrackAssignment, type TrackAuditEntry, type TrackMove, type TrackMoveWrite, type TrackProfile, type TrackStore } from '@theta/assessment';
import { conditionally } from '../conditional';
import { keys } from '../keys';
import { decodePartitionCursor, encodePartitionCursor } from '../partition-cursor';

function auditEntry(item: Record<string, unknown>): TrackAuditEntry {
  if (item.entity === 'track-move') {
    const move = item as unknown as TrackMove;
    return { at: move.at, kind: 'move', ...(move.from ? { from: move.from } : {}), to: move.to, reason: move.reason, actor: move.actor as MoveActor, moveId: move.id };
  }
  const t = item as unknown as TrackAssignment & { from?: string };
  return {
    at: t.assignedAt,
    kind: 'placement',
    to: t.track,
    reason: t.reason,
    rule: t.rule,
    assignedBy: t.assignedBy,
    ...(t.placementId ? { placementId: t.placementId } : {}),
  };
}

export class DynamoTrackStore implements TrackStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getTrackProfile(taskerId: string): Promise<TrackProfile | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.taskerProfile(taskerId), ConsistentRead: true, ProjectionExpression: '#track, trackVersion', ExpressionAttributeNames: { '#track': 'track' } }),
    );
    if (!out.Item) return undefined;
    const track = out.Item.track as TrackAssignment | undefined;
    return { ...(track ? { track } : {}), trackVersion: typeof out.Item.trackVersion === 'number' ? out.Item.trackVersion : 0 };
  }

  async getMoveByRequestKey(taskerId: string, requestKey: string): Promise<TrackMove | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.taskerMoveKey(taskerId, requestKey), ConsistentRead: true }));
    return out.Item ? (out.Item.move as TrackMove) : undefined;
  }

  async moveTrack(write: TrackMoveWrite): Promise<void> {
    const { move, track, expected, event } = write;
    const taskerId = move.taskerId;
    const names: Record<string, string> = { '#track': 'track' };
    const listed = keys.taskerByTrack(track.track, track.assignedAt, taskerId);
    const values: Record<string, unknown> = { ':track': track, ':next': expected.trackVersion + 1, ':gpk': listed.gsi1pk, ':gsk': listed.gsi1sk };
    const conditions = ['attribute_exists(pk)'];
    if (expected.trackVersion === 0) conditions.push('attribute_not_exists(trackVersion)');
    else {
      conditions.push('trackVersion = :pv');
      values[':pv'] = expected.trackVersion;
    }
    if (expected.assignedAt === undefined) conditions.push('attribute_not_exists(#track)');
    else {
      names['#assignedAt'] = 'assignedAt';
      conditions.push('#track.#assignedAt = :at');
      values[':at'] = expected.assignedAt;
    }
    const absent = 'attribute_not_exists(pk)';
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: keys.taskerProfile(taskerId),
                  UpdateExpression: 'SET #track = :track, trackVersion = :next, gsi1pk = :gpk, gsi1sk = :gsk',
                  ConditionExpression: conditions.join(' AND '),
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
              { Put: { TableName: this.table, Item: { ...keys.taskerTrackMove(taskerId, move.at, move.id), entity: 'track-move', ...move }, ConditionExpression: absent } },
              { Put: { TableName: this.table, Item: { ...keys.taskerMoveKey(taskerId, move.requestKey), entity: 'move-key', move }, ConditionExpression: absent } },
              { Put: { TableName: this.table, Item: { ...keys.taskerEvent(taskerId, event.at, event.id), entity: 'event', ...event }, ConditionExpression: absent } },
            ],
          }),
        ),
      TRACK_CHANGED,
      'the track changed since it was read (another move or a placement came first)',
    );
  }

  async listTrackAudit(taskerId: string, limit: number, cursor?: string): Promise<{ entries: TrackAuditEntry[]; cursor?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':prefix': 'TRACK#' },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: decodePartitionCursor(keys.tasker(taskerId).pk, 'TRACK#', cursor, 'this audit') } : {}),
      }),
    );
    const entries = (out.Items ?? []).map(auditEntry);
    return { entries, ...(out.LastEvaluatedKey ? { cursor: encodePartitionCursor(out.LastEvaluatedKey) } : {}) };
  }
}
