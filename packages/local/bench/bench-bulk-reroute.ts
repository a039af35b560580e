// `npm run bench:bulk-reroute -- [--taskers 10000]`: a bulk reroute of N taskers on DynamoDB Local (in memory), the
// job's own code (runBulkReroutes with the real stores) in process. Seeds N profiles on one track (θ spread so that
// about half are certainly below the cut), then times the dry run and the apply, and counts what DynamoDB did:
// requests by command, items read (Query ScannedCount, GetItem) and items written (Put, Update, transaction items),
// from a middleware on the document client.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applyBulkReroute, createBulkReroute, runBulkReroutes, type BulkRerouteJobDeps } from '@theta/assessment';
import { DynamoBulkRerouteStore, DynamoTaskerDirectory, DynamoTrackStore, keys, PROFICIENCY_ATTRIBUTE_PREFIX } from '@theta/store';
import { createLocalDynamoDbClients, ensureTables, localTableNames, startDynamoDbLocal } from '../src/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({ options: { taskers: { type: 'string', default: '10000' } }, strict: true });
const N = Number(values.taskers);
if (!Number.isInteger(N) || N < 1) {
  console.error(`--taskers must be an integer ≥ 1, got "${values.taskers}"`);
  process.exit(2);
}

interface Tally {
  requests: Record<string, number>;
  read: number;
  written: number;
}
const tally: Tally = { requests: {}, read: 0, written: 0 };
const reset = () => Object.assign(tally, { requests: {}, read: 0, written: 0 });

function count(doc: DynamoDBDocumentClient): void {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const name = String(context.commandName).replace(/Command$/, '');
      tally.requests[name] = (tally.requests[name] ?? 0) + 1;
      const input = args.input as { TransactItems?: unknown[] };
      const output = result.output as { ScannedCount?: number; Item?: unknown };
      if (name === 'Query') tally.read += output.ScannedCount ?? 0;
      else if (name === 'GetItem') tally.read += output.Item ? 1 : 0;
      else if (name === 'TransactWriteItems') tally.written += input.TransactItems?.length ?? 0;
      else if (name === 'PutItem' || name === 'UpdateItem') tally.written += 1;
      return result;
    },
    { step: 'initialize', name: 'benchCount' },
  );
}

const TRACK = 'expert:coding';
const thetaOf = (i: number) => -2 + ((i * 7919) % 400) / 100; // θ in [-2, 2), spread evenly
const seOf = (i: number) => 0.25 + (i % 3) * 0.05;

async function main() {
  console.log(`Bulk reroute benchmark — ${new Date().toISOString()}`);
  console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dynamo = await startDynamoDbLocal();
  try {
    const clients = createLocalDynamoDbClients(dynamo.endpoint);
    const names = localTableNames('bench-bulk-');
    await ensureTables(clients.client, names);
    const assignedAt = '2026-11-01T00:00:00.000Z';
    const t0 = performance.now();
    for (let k = 0; k < N; k += 25) {
      const rows = [];
      for (let i = k; i < Math.min(N, k + 25); i++) {
        const taskerId = `bench-${String(i).padStart(6, '0')}`;
        const track = { track: TRACK, reason: 'seed', rule: 'seed', assignedAt, assignedBy: 'bench' };
        rows.push({
          PutRequest: {
            Item: {
              ...keys.taskerProfile(taskerId),
              ...keys.taskerByTrack(TRACK, assignedAt, taskerId),
              entity: 'profile',
              taskerId,
              track,
              lastAssessedAt: assignedAt,
              [`${PROFICIENCY_ATTRIBUTE_PREFIX}coding`]: { skill: 'coding', theta: thetaOf(i), se: seOf(i), measuredAt: assignedAt },
            },
          },
        });
      }
      await clients.doc.send(new BatchWriteCommand({ RequestItems: { [names.taskers]: rows } }));
    }
    console.log(`seeded ${N} profiles on ${TRACK} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    count(clients.doc);
    const tracks = new DynamoTrackStore(clients.doc, names.taskers);
    const deps: BulkRerouteJobDeps = { bulk: new DynamoBulkRerouteStore(clients.doc, names.taskers), tracks, directory: new DynamoTaskerDirectory(clients.doc, names.taskers) };
    const { job } = await createBulkReroute(
      { fromTrack: TRACK, toTrack: 'remedial:coding', reason: 'coding below the expert bar', rule: { kind: 'skill-below', skill: 'coding', cut: 0, certainty: 0.95 } },
      { sub: 'ops-bench', requestKey: 'bench' },
      deps,
    );
    const phase = async (label: string, until: string) => {
      reset();
      const start = performance.now();
      let runs = 0;
      while ((await deps.bulk.getBulkReroute(job.id))!.status !== until) {
        await runBulkReroutes(deps, 60_000);
        runs++;
      }
      const seconds = (performance.now() - start) / 1000;
      const state = (await deps.bulk.getBulkReroute(job.id))!;
      const requests = Object.entries(tally.requests).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(`${label.padEnd(9)} ${seconds.toFixed(1)} s (${runs} job run${runs === 1 ? '' : 's'}); items read ${tally.read}, written ${tally.written}; requests: ${requests}`);
      return state;
    };
    const previewed = await phase('dry run', 'previewed');
    console.log(`          examined ${previewed.counts.examined}, candidates ${previewed.counts.candidates}`);
    await applyBulkReroute(job.id, { sub: 'ops-bench' }, deps);
    const applied = await phase('apply', 'applied');
    console.log(`          moved ${applied.counts.moved}, skipped ${applied.counts.skipped}`);
    clients.destroy();
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
