import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PROFICIENCY_CHANGED, QUIZ_CHANGED, type PracticeItem, type PracticeSeen, type QuizEstimate, type QuizProficiencyRecord, type QuizResponseRecord, type QuizSession, type QuizStore } from '@theta/assessment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '@theta/assessment/errors';
import { conditionally, isLostRace } from '../conditional';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../keys';
import { queryAll } from '../query-all';

export interface QuizTables {
  bank: string;
  sessions: string;
  taskers: string;
}

/** In-progress quizzes nobody finishes are deleted by TTL this long after their last write. */
const UNFINISHED_RETENTION_SECONDS = 30 * 24 * 3600;
/** the practice index of a skill is read at most this often per container (imports are rare, quizzes many) */
const PRACTICE_POOL_TTL_MS = 60_000;

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _r1, gsi2sk: _r2, entity: _t, expiresAt: _e, ...rest } = item;
  return rest as T;
}

function sessionItem(session: QuizSession): Record<string, unknown> {
  const { items, ...rest } = session;
  return {
    ...keys.quiz(session.id),
    ...keys.quizByTasker(session.taskerId, session.createdAt, session.id),
    entity: 'quiz',
    ...rest,
    // JSON text: item parameters keep their exact numbers and order
    items: JSON.stringify(items),
    ...(session.status === 'completed' ? {} : { expiresAt: Math.floor(Date.parse(session.updatedAt) / 1000) + UNFINISHED_RETENTION_SECONDS }),
  };
}

export class DynamoQuizStore implements QuizStore {
  private readonly pools = new Map<string, { at: number; items: Promise<PracticeItem[]> }>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: QuizTables,
  ) {}

  listPracticeItems(skill: string): Promise<PracticeItem[]> {
    const hit = this.pools.get(skill);
    if (hit && Date.now() - hit.at < PRACTICE_POOL_TTL_MS) return hit.items;
    const items = queryAll(this.db, {
      TableName: this.tables.bank,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.practiceIndex(skill, '').gsi2pk },
    }).then((rows) =>
      rows
        .filter((row) => row.status !== 'retired')
        .map((row) => ({ id: row.id as string, version: row.version as number, skill: row.skill as string, tags: (row.tags as string[] | undefined) ?? [], params: row.params as PracticeItem['params'] })),
    );
    items.catch(() => this.pools.delete(skill));
    this.pools.set(skill, { at: Date.now(), items });
    return items;
  }

  async getProficiency(taskerId: string, skill: string): Promise<(QuizEstimate & { measuredAt?: string }) | undefined> {
    const attribute = `${PROFICIENCY_ATTRIBUTE_PREFIX}${skill}`;
    const out = await this.db.send(
      new GetCommand({ TableName: this.tables.taskers, Key: keys.taskerProfile(taskerId), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': attribute }, ConsistentRead: true }),
    );
    const record = out.Item?.[attribute] as { theta?: number; se?: number; measuredAt?: string } | undefined;
    if (!record || typeof record.theta !== 'number' || typeof record.se !== 'number') return undefined;
    // measuredAt lets the proficiency tracker age the estimate by the time since it was measured
    return { theta: record.theta, se: record.se, ...(typeof record.measuredAt === 'string' ? { measuredAt: record.measuredAt } : {}) };
  }

  async seenSince(taskerId: string, skill: string, since: string): Promise<Map<string, string>> {
    const rows = await queryAll(this.db, {
      TableName: this.tables.taskers,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':prefix': `SEEN#${skill}#` },
      ConsistentRead: true,
    });
    return new Map(rows.filter((r) => (r.at as string) >= since).map((r) => [r.itemId as string, r.at as string]));
  }

  private seenPut(seen: PracticeSeen) {
    return { Put: { TableName: this.tables.taskers, Item: { ...keys.practiceSeen(seen.taskerId, seen.skill, seen.itemId), entity: 'practice-seen', ...seen } } };
  }

  private sessionPut(session: QuizSession, expectedVersion: number) {
    return { Put: { TableName: this.tables.sessions, Item: sessionItem(session), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } } };
  }

  private responsePut(response: QuizResponseRecord) {
    const row = keys.quizResponse(response.sessionId, response.seq);
    return {
      // gsi2: the day index the response log export reads (keys.responseByDay)
      Put: { TableName: this.tables.sessions, Item: { ...row, ...keys.responseByDay(response.at, row), entity: 'quiz-response', ...response }, ConditionExpression: 'attribute_not_exists(pk)' },
    };
  }

  async startQuiz(session: QuizSession, shown: PracticeSeen): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName: this.tables.sessions, Item: sessionItem(session), ConditionExpression: 'attribute_not_exists(pk)' } }, this.seenPut(shown)],
          }),
        ),
      QUIZ_CHANGED,
      'a quiz with this id exists',
    );
  }

  async getQuiz(id: string): Promise<QuizSession | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.quiz(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const session = strip<QuizSession & { items: string }>(out.Item);
    return { ...session, items: JSON.parse(session.items) as QuizSession['items'] };
  }

  async getResponse(quizId: string, seq: number): Promise<QuizResponseRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.sessions, Key: keys.quizResponse(quizId, seq), ConsistentRead: true }));
    return out.Item ? strip<QuizResponseRecord>(out.Item) : undefined;
  }

  /** the responses of a quiz, in order (export, analytics) */
  async listResponses(quizId: string): Promise<QuizResponseRecord[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tables.sessions,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :resp)',
        ExpressionAttributeValues: { ':pk': keys.quiz(quizId).pk, ':resp': 'RESP#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => strip<QuizResponseRecord>(i));
  }

  async recordAnswer(session: QuizSession, expectedVersion: number, response: QuizResponseRecord, shown: PracticeSeen): Promise<void> {
    await conditionally(
      () => this.db.send(new TransactWriteCommand({ TransactItems: [this.sessionPut(session, expectedVersion), this.responsePut(response), this.seenPut(shown)] })),
      QUIZ_CHANGED,
      'the quiz changed since it was read (another answer was recorded first)',
    );
  }

  async completeQuiz(
    session: QuizSession,
    expectedVersion: number,
    response: QuizResponseRecord,
    proficiency: QuizProficiencyRecord,
    basedOn?: { measuredAt: string | null },
  ): Promise<void> {
    const taskerId = session.taskerId;
    // the new proficiency replaces the stored one only if that is still the estimate the update was built from
    // (a placement or another quiz may have written the skill since): else PROFICIENCY_CHANGED, and the caller rebuilds
    const profileCondition =
      basedOn === undefined
        ? {}
        : basedOn.measuredAt === null
          ? { ConditionExpression: 'attribute_not_exists(#skill)' }
          : { ConditionExpression: '#skill.measuredAt = :basedOn' };
    const basedOnValue = basedOn?.measuredAt ? { ':basedOn': basedOn.measuredAt } : {};
    const command = new TransactWriteCommand({
      TransactItems: [
        this.sessionPut(session, expectedVersion),
        this.responsePut(response),
        {
          // only this skill's attribute: the track and other skills stay as they are
          Update: {
            TableName: this.tables.taskers,
            Key: keys.taskerProfile(taskerId),
            UpdateExpression: 'SET #entity = :entity, #taskerId = :taskerId, #skill = :record',
            ...profileCondition,
            ExpressionAttributeNames: { '#entity': 'entity', '#taskerId': 'taskerId', '#skill': `${PROFICIENCY_ATTRIBUTE_PREFIX}${proficiency.skill}` },
            ExpressionAttributeValues: { ':entity': 'profile', ':taskerId': taskerId, ':record': proficiency, ...basedOnValue },
          },
        },
        { Put: { TableName: this.tables.taskers, Item: { ...keys.taskerMeasurement(taskerId, proficiency.measuredAt, session.id), entity: 'history', records: [proficiency] }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
    try {
      await this.db.send(command);
    } catch (error) {
      // only the profile's condition failed (the session was still at its version): the estimate moved under the quiz
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons[2]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(PROFICIENCY_CHANGED, `the stored ${proficiency.skill} proficiency changed while the quiz was open`);
      }
      if (isLostRace(error)) throw new ConflictError(QUIZ_CHANGED, 'the quiz changed since it was read (another answer was recorded first)');
      throw error;
    }
  }
}

/** test and seed helper: a plain Put of a seen record (e.g. to age one) */
export async function putPracticeSeen(db: DynamoDBDocumentClient, taskersTable: string, seen: PracticeSeen): Promise<void> {
  await db.send(new PutCommand({ TableName: taskersTable, Item: { ...keys.practiceSeen(seen.taskerId, seen.skill, seen.itemId), entity: 'practice-seen', ...seen } }));
}
