// What the rule-kind bulk-reroute tests share (bulk-reroute-quality, bulk-reroute-error-tag): a profiled tasker on
// the generalist track, the track moves a bulk reroute made of them, and driving a job's runs until it leaves a state.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { moveTaskerTrack, runBulkReroutes, type BulkRerouteJobDeps, type BulkReroute } from '@theta/assessment';
import type { useFreshTables } from '../../../test/support/fresh-tables';
import { keys } from '../src/keys';
import type { DynamoTrackStore } from '../src/repositories/track-repository';

type Tables = ReturnType<typeof useFreshTables>;

export async function plantGeneralist(tables: Tables, tracks: DynamoTrackStore, taskerId: string): Promise<void> {
  await tables.clients.doc.send(new PutCommand({ TableName: tables.names.taskers, Item: { ...keys.taskerProfile(taskerId), entity: 'profile', taskerId } }));
  await moveTaskerTrack({ taskerId, to: 'generalist', reason: 'seed', actor: { kind: 'person', sub: 'ops-0' }, requestKey: `seed-${taskerId}` }, { tracks });
}

/** the TRACK# rows of a tasker that a bulk reroute wrote */
export async function bulkMovesOf(tables: Tables, taskerId: string): Promise<Record<string, unknown>[]> {
  const out = await tables.clients.doc.send(
    new QueryCommand({ TableName: tables.names.taskers, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':p': 'TRACK#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).filter((r) => String(r.reason).includes('bulk reroute'));
}

/** runs the job runner (at most 10 times) while the job is in `status` */
export async function runWhile(deps: BulkRerouteJobDeps, jobId: string, status: BulkReroute['status']): Promise<void> {
  for (let k = 0; k < 10 && (await deps.bulk.getBulkReroute(jobId))!.status === status; k++) await runBulkReroutes(deps, 60_000);
}
