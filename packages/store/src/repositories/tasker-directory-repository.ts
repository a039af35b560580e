// Ops' list of taskers by track: the PROFILE rows' sparse gsi1 (keys.taskerByTrack), one track partition, newest
// assignment first. Filters run server-side (FilterExpression) within a read budget per page, so a selective filter
// costs bounded reads per request and the caller follows the cursor.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ProficiencyRecord, type TaskerDirectory, type TaskerListEntry, type TaskerListFilter, type TaskerListPage, type TrackAssignment } from '@theta/assessment';
import { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '../keys';
import { decodeCursor, encodeCursor } from '../page-cursor';

/** PROFILE rows read at most per request */
export const LIST_READ_BUDGET = 1000;
const FILTERED_READ = 25;

interface CursorKey {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

const encodeDirectoryCursor = (k: CursorKey): string => encodeCursor({ t: k.gsi1pk, s: k.gsi1sk, p: k.pk });

function decodeDirectoryCursor(track: string, cursor: string): CursorKey {
  const gsi1pk = keys.taskerByTrack(track, '', '').gsi1pk;
  return decodeCursor(cursor, 'this track’s list (a cursor is only valid with the filter that produced it)', ({ t, s, p }) =>
    t === gsi1pk && typeof s === 'string' && typeof p === 'string' && p.startsWith('TASKER#') ? { pk: p, sk: 'PROFILE', gsi1pk, gsi1sk: s } : undefined,
  );
}

function filterExpression(filter: TaskerListFilter) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  if (filter.skill !== undefined) {
    names['#skill'] = `${PROFICIENCY_ATTRIBUTE_PREFIX}${filter.skill}`;
    if (filter.minTheta === undefined && filter.maxTheta === undefined) parts.push('attribute_exists(#skill)');
    else names['#theta'] = 'theta';
    if (filter.minTheta !== undefined) {
      parts.push('#skill.#theta >= :minTheta');
      values[':minTheta'] = filter.minTheta;
    }
    if (filter.maxTheta !== undefined) {
      parts.push('#skill.#theta <= :maxTheta');
      values[':maxTheta'] = filter.maxTheta;
    }
  }
  if (filter.assessedAfter !== undefined || filter.assessedBefore !== undefined) names['#assessed'] = 'lastAssessedAt';
  if (filter.assessedAfter !== undefined) {
    parts.push('#assessed >= :after');
    values[':after'] = filter.assessedAfter;
  }
  if (filter.assessedBefore !== undefined) {
    parts.push('#assessed < :before');
    values[':before'] = filter.assessedBefore;
  }
  return parts.length === 0 ? undefined : { FilterExpression: parts.join(' AND '), names, values };
}

function entry(item: Record<string, unknown>): TaskerListEntry {
  const skills = Object.entries(item)
    .filter(([name]) => name.startsWith(PROFICIENCY_ATTRIBUTE_PREFIX))
    .map(([, value]) => {
      const r = value as ProficiencyRecord;
      return { skill: r.skill, theta: r.theta, se: r.se, measuredAt: r.measuredAt };
    })
    .sort((a, b) => (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0));
  return {
    taskerId: String(item.taskerId),
    track: item.track as TrackAssignment,
    ...(typeof item.lastAssessedAt === 'string' ? { lastAssessedAt: item.lastAssessedAt } : {}),
    skills,
  };
}

export class DynamoTaskerDirectory implements TaskerDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** rows read at most per request (tests lower it to reach the budget with few rows) */
    private readonly readBudget = LIST_READ_BUDGET,
  ) {}

  async listTaskersOnTrack(filter: TaskerListFilter, page: { limit: number; cursor?: string }): Promise<TaskerListPage> {
    const gsi1pk = keys.taskerByTrack(filter.track, '', '').gsi1pk;
    const where = filterExpression(filter);
    let start: Record<string, unknown> | undefined = page.cursor ? { ...decodeDirectoryCursor(filter.track, page.cursor) } : undefined;
    const taskers: TaskerListEntry[] = [];
    let examined = 0;
    for (;;) {
      const wanted = page.limit - taskers.length;
      // Without a filter every row read is returned: read one more than the page needs, so a full last page is known
      // to be the last (DynamoDB reports more whenever it stops at Limit). With one, read at least FILTERED_READ rows
      // a round trip (a selective filter would otherwise take one trip per row); a page that fills early resumes
      // after its last row, so at most FILTERED_READ − 1 rows are read twice
      const readLimit = Math.min(where ? Math.max(wanted, FILTERED_READ) : wanted + 1, this.readBudget - examined);
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :track',
          ...(where ? { FilterExpression: where.FilterExpression } : {}),
          ...(where && Object.keys(where.names).length > 0 ? { ExpressionAttributeNames: where.names } : {}),
          ExpressionAttributeValues: { ':track': gsi1pk, ...(where?.values ?? {}) },
          ScanIndexForward: false,
          Limit: readLimit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      examined += out.ScannedCount ?? 0;
      const items = out.Items ?? [];
      for (const item of items) {
        taskers.push(entry(item));
        if (taskers.length === page.limit) {
          // full before the end of what was read: resume after this row
          if (item !== items[items.length - 1]) return { taskers, examined, cursor: encodeDirectoryCursor(item as unknown as CursorKey) };
          return { taskers, examined, ...(out.LastEvaluatedKey ? { cursor: encodeDirectoryCursor(out.LastEvaluatedKey as unknown as CursorKey) } : {}) };
        }
      }
      if (!out.LastEvaluatedKey) return { taskers, examined };
      start = out.LastEvaluatedKey;
      if (examined >= this.readBudget) return { taskers, examined, cursor: encodeDirectoryCursor(start as unknown as CursorKey) };
    }
  }
}
