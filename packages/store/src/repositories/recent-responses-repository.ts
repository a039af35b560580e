// A tasker's newest answers on one skill, across their placements and quizzes (the error-tag-rate rules,
// docs/remediation.md). The sessions are found as the erasure store finds them, by the gsi1 TASKER# entry of their
// STATE rows (newest first per kind), then each session's RESP rows by a Query of its partition; never a Scan.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecentResponse, RecentResponseReader } from '@theta/assessment';
import { keys } from '../keys';
import { queryAll } from '../query-all';

/** the newest sessions read at most: bounds the reads of a tasker with much history and few answers on the skill */
export const RECENT_SESSIONS_CAP = 20;

// the sessions' gsi1 sort keys: `<kind>#<createdAt>#<id>` (keys.placementByTasker, keys.quizByTasker)
const SESSION_KINDS = ['PLACEMENT#', 'QUIZ#'] as const;

export class DynamoRecentResponseReader implements RecentResponseReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly sessionsTable: string,
    private readonly sessionsCap = RECENT_SESSIONS_CAP,
  ) {}

  async recentResponses(taskerId: string, skill: string, lastN: number): Promise<RecentResponse[]> {
    const found: RecentResponse[] = [];
    for (const sessionPk of await this.newestSessions(taskerId)) {
      const rows = await queryAll(this.db, {
        TableName: this.sessionsTable,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :resp)',
        ExpressionAttributeValues: { ':pk': sessionPk, ':resp': 'RESP#' },
        // the quiz rows' stored reply is large and not needed
        ProjectionExpression: '#skill, itemId, errorTag, score, #at, pilot',
        ExpressionAttributeNames: { '#skill': 'skill', '#at': 'at' },
        ConsistentRead: true,
      });
      // an unscored pilot answer is no evidence; rows before the log fields have no skill and cannot be attributed
      for (const r of rows) {
        if (r.skill !== skill || r.pilot === true || typeof r.itemId !== 'string' || typeof r.score !== 'number' || typeof r.at !== 'string') continue;
        found.push({ itemId: r.itemId, errorTag: typeof r.errorTag === 'string' ? r.errorTag : null, score: r.score, at: r.at });
      }
      if (found.length >= lastN) break;
    }
    // sessions overlap in time (a quiz during a placement): newest first by the answer's own instant
    return found.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, lastN);
  }

  /** the session partitions of the tasker's newest placements and quizzes, newest first, at most the cap */
  private async newestSessions(taskerId: string): Promise<string[]> {
    const listed = await Promise.all(
      SESSION_KINDS.map((kind) =>
        queryAll(
          this.db,
          {
            TableName: this.sessionsTable,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :kind)',
            ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':kind': kind },
            ProjectionExpression: 'pk, gsi1sk',
            ScanIndexForward: false,
          },
          this.sessionsCap,
        ),
      ),
    );
    const createdAt = (row: Record<string, unknown>) => (row.gsi1sk as string).split('#')[1] ?? '';
    return listed
      .flat()
      .sort((a, b) => (createdAt(a) < createdAt(b) ? 1 : createdAt(a) > createdAt(b) ? -1 : 0))
      .slice(0, this.sessionsCap)
      .map((r) => r.pk as string);
  }
}
