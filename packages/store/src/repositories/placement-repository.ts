import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  CompletePlacementWrite,
  PlacementSession,
  PlacementStore,
  ProficiencyRecord,
  ResponseRecord,
  RetakeLedger,
  ScheduledReassessment,
  StartPlacementWrite,
  TaskerPlacements,
  TrackAssignment,
} from '@theta/assessment';
import { PLACEMENT_CHANGED } from '@theta/assessment/errors';
import { atVersion, conditionally, isLostRace } from '../conditional';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../keys';
import { queryAll } from '../query-all';

export interface PlacementTables {
  sessions: string;
  /** needed only by functions that complete placements */
  taskers?: string;
}

/** Idle sessions are kept this long after their idle deadline, then DynamoDB TTL deletes them. */
const EXPIRED_RETENTION_SECONDS = 30 * 24 * 3600;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function sessionItem(session: PlacementSession): Record<string, unknown> {
  const unfinished = session.status !== 'completed';
  const { cat, ...rest } = session;
  return {
    ...keys.placement(session.id),
    ...keys.placementByTasker(session.taskerId, session.createdAt, session.id),
    entity: 'placement',
    ...rest,
    // JSON text, not a DynamoDB map: maps do not keep key order, and the CAT state must replay exactly
    cat: JSON.stringify(cat),
    // unfinished sessions (in progress or idle-expired) are deleted by TTL; completed ones are the audit record of a decision
    ...(unfinished ? { expiresAt: epochSeconds(session.idleDeadline) + EXPIRED_RETENTION_SECONDS } : {}),
  };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _r1, gsi2sk: _r2, entity: _t, expiresAt: _e, ...rest } = item;
  return rest as T;
}

/**
 * The general track and the measured skills' current proficiency on the one PROFILE item, as an update: skills this
 * placement did not measure keep their earlier values, and the transaction stays the same size for any skill count.
 */
function profileUpdate(table: string, taskerId: string, track: TrackAssignment, proficiency: ProficiencyRecord[]) {
  const listed = keys.taskerByTrack(track.track, track.assignedAt, taskerId);
  const names: Record<string, string> = { '#entity': 'entity', '#taskerId': 'taskerId', '#track': 'track', '#assessed': 'lastAssessedAt' };
  const values: Record<string, unknown> = { ':entity': 'profile', ':taskerId': taskerId, ':track': track, ':gpk': listed.gsi1pk, ':gsk': listed.gsi1sk, ':assessed': track.assignedAt };
  // the track's gsi1 keys move with the track (ops list taskers by track); the completion time is the last assessment
  const sets = ['#entity = :entity', '#taskerId = :taskerId', '#track = :track', 'gsi1pk = :gpk', 'gsi1sk = :gsk', '#assessed = :assessed'];
  proficiency.forEach((p, i) => {
    names[`#s${i}`] = `${PROFICIENCY_ATTRIBUTE_PREFIX}${p.skill}`;
    values[`:s${i}`] = p;
    sets.push(`#s${i} = :s${i}`);
  });
  return {
    Update: { TableName: table, Key: keys.taskerProfile(taskerId), UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values },
  };
}

export class DynamoPlacementStore implements PlacementStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: PlacementTables,
  ) {}

  async getTaskerPlacements(taskerId: string): Promise<TaskerPlacements | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.taskerPlacements(taskerId), ConsistentRead: true }));
    return out.Item ? stripKeys<TaskerPlacements>(out.Item) : undefined;
  }

  async getRetakeLedger(taskerId: string, blueprintId: string): Promise<RetakeLedger | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.retakeLedger(taskerId, blueprintId), ConsistentRead: true }));
    return out.Item ? stripKeys<RetakeLedger>(out.Item) : undefined;
  }

  /** Puts of the slot and the ledger, each conditional on the version it was built on (version n replaces n − 1). */
  private slotAndLedgerPuts(placements: TaskerPlacements, ledger: RetakeLedger) {
    const previous = (version: number) => (version > 1 ? version - 1 : undefined);
    return [
      {
        Put: {
          TableName: this.tables.sessions,
          Item: {
            ...keys.taskerPlacements(placements.taskerId),
            ...(placements.activePlacementId && placements.activeIdleDeadline ? keys.idleSlot(placements.taskerId, placements.activeIdleDeadline) : {}),
            entity: 'tasker-placements',
            ...placements,
          },
          ...atVersion(previous(placements.version)),
        },
      },
      {
        Put: {
          TableName: this.tables.sessions,
          Item: { ...keys.retakeLedger(ledger.taskerId, ledger.blueprintId), entity: 'retake-ledger', ...ledger },
          ...atVersion(previous(ledger.version)),
        },
      },
    ];
  }

  /** releases the tasker's slot iff it holds `placementId`, adding `items` to the items they have seen */
  private slotRelease(taskerId: string, placementId: string, items: string[]) {
    return {
      Update: {
        TableName: this.tables.sessions,
        Key: keys.taskerPlacements(taskerId),
        UpdateExpression:
          'REMOVE activePlacementId, activeBlueprintId, activeIdleDeadline, gsi1pk, gsi1sk SET version = version + :one, seenItems = list_append(seenItems, :items)',
        ConditionExpression: 'activePlacementId = :id',
        ExpressionAttributeValues: { ':id': placementId, ':one': 1, ':items': items },
      },
    };
  }

  async startPlacement(write: StartPlacementWrite): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tables.sessions,
                  Item: sessionItem(write.session),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...this.slotAndLedgerPuts(write.placements, write.ledger),
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

  /** the RESP row carries its tasker and the gsi2 day index: the response log reads it without the session */
  private responsePut(response: ResponseRecord, taskerId: string) {
    const row = keys.placementResponse(response.placementId, response.seq);
    return {
      Put: {
        TableName: this.tables.sessions,
        Item: { ...row, ...keys.responseByDay(response.at, row), entity: 'response', taskerId, ...response },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async recordResponse(session: PlacementSession, expectedVersion: number, response: ResponseRecord): Promise<void> {
    await conditionally(
      () => this.db.send(new TransactWriteCommand({ TransactItems: [this.sessionUpdate(session, expectedVersion), this.responsePut(response, session.taskerId)] })),
      PLACEMENT_CHANGED,
      'the placement changed since it was read (another answer was recorded first)',
    );
  }

  async completePlacement(write: CompletePlacementWrite): Promise<void> {
    const { session, track, event, project } = write;
    const taskerId = session.taskerId;
    const taskers = this.tables.taskers;
    if (!taskers) throw new Error('completing a placement needs the taskers table: list it on the route');
    const put = (item: Record<string, unknown>) => ({ Put: { TableName: taskers, Item: item } });
    // a project blueprint's result is that project's qualification: the general track and current proficiency stay;
    // a withheld placement (no track) stores no standing at all
    const standing = !track
      ? []
      : [
          project ? put({ ...keys.taskerProject(taskerId, project.projectId), entity: 'project', taskerId, ...project }) : profileUpdate(taskers, taskerId, track, write.proficiency),
          put({ ...keys.taskerMeasurement(taskerId, track.assignedAt, session.id), entity: 'history', records: write.proficiency }),
          put({ ...keys.taskerTrack(taskerId, track.assignedAt), entity: 'track', ...track }),
        ];
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.sessionUpdate(session, write.expectedVersion),
              this.responsePut(write.response, taskerId),
              // updates, not read-modify-write: no reads before the transaction on the completing answer
              this.slotRelease(taskerId, session.id, write.seenItems),
              {
                Update: {
                  TableName: this.tables.sessions,
                  Key: keys.retakeLedger(taskerId, session.blueprintId),
                  UpdateExpression: 'SET lastCompletedAt = :at, version = version + :one',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':at': write.completedAt, ':one': 1 },
                },
              },
              ...standing,
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
      PLACEMENT_CHANGED,
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
              // items shown in an expired attempt were seen: never shown to this tasker again
              this.slotRelease(session.taskerId, session.id, shownItems),
            ],
          }),
        ),
      PLACEMENT_CHANGED,
      'the placement changed since it was read',
    );
  }

  async listOverdueSlots(before: string, limit: number): Promise<TaskerPlacements[]> {
    const rows = await queryAll(
      this.db,
      {
        TableName: this.tables.sessions,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :idle AND gsi1sk < :before',
        ExpressionAttributeValues: { ':idle': keys.idleSlot('', '').gsi1pk, ':before': before },
      },
      limit,
    );
    return rows.map((row) => stripKeys<TaskerPlacements>(row));
  }

  async moveSlotDeadline(taskerId: string, placementId: string, idleDeadline: string): Promise<void> {
    const idle = keys.idleSlot(taskerId, idleDeadline);
    await conditionally(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tables.sessions,
            Key: keys.taskerPlacements(taskerId),
            UpdateExpression: 'SET activeIdleDeadline = :deadline, gsi1pk = :gpk, gsi1sk = :gsk, version = version + :one',
            ConditionExpression: 'activePlacementId = :id',
            ExpressionAttributeValues: { ':deadline': idleDeadline, ':gpk': idle.gsi1pk, ':gsk': idle.gsi1sk, ':one': 1, ':id': placementId },
          }),
        ),
      'slot_changed',
      'the slot no longer holds this placement',
    );
  }

  async scheduleReassessment(taskerId: string, scheduled: ScheduledReassessment): Promise<void> {
    // creates the slot of a tasker who never started a placement; the version bump makes a start that read the slot
    // before this lose its conditional write (409), so a schedule is never silently overwritten
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.sessions,
        Key: keys.taskerPlacements(taskerId),
        UpdateExpression: 'SET scheduled = :s, taskerId = :t, entity = :e, seenItems = if_not_exists(seenItems, :none), version = if_not_exists(version, :zero) + :one',
        ExpressionAttributeValues: { ':s': scheduled, ':t': taskerId, ':e': 'tasker-placements', ':none': [], ':zero': 0, ':one': 1 },
      }),
    );
  }

  async cancelReassessment(taskerId: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.sessions,
          Key: keys.taskerPlacements(taskerId),
          UpdateExpression: 'REMOVE scheduled SET version = version + :one',
          ConditionExpression: 'attribute_exists(scheduled)',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  async releaseSlot(taskerId: string, placementId: string): Promise<void> {
    await conditionally(
      () => this.db.send(new UpdateCommand(this.slotRelease(taskerId, placementId, []).Update)),
      'slot_changed',
      'the slot no longer holds this placement',
    );
  }

  async listPlacementsOfTasker(taskerId: string, limit: number): Promise<PlacementSession[]> {
    const index = keys.placementByTasker(taskerId, '', '');
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tables.sessions,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :tasker AND begins_with(gsi1sk, :placements)',
        ExpressionAttributeValues: { ':tasker': index.gsi1pk, ':placements': 'PLACEMENT#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const session = stripKeys<PlacementSession & { cat: string }>(item);
      return { ...session, cat: JSON.parse(session.cat) as PlacementSession['cat'] };
    });
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

