import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { putTrackDefinition, TrackDefinitionBodySchema, trackDefinitionIssues } from '@theta/assessment';
import { DynamoTrackDefinitionStore } from '@theta/store';
import { REPO_ROOT } from '../paths';
import type { SeedContext } from './seed-context';

const SEED_FILE = join(REPO_ROOT, 'packages', 'local', 'seed', 'tracks.json');

/**
 * The demo's track definitions (seed/tracks.json): every track the demo blueprints route to, so publishing runs with
 * the track check on. Tracks not yet stored are created; ones an author changed are left alone.
 */
export async function seedTracks(ctx: SeedContext): Promise<void> {
  const store = new DynamoTrackDefinitionStore(ctx.ddb, ctx.tableNames.bank);
  const file = JSON.parse(await readFile(SEED_FILE, 'utf8')) as { tracks: ({ id: string } & Record<string, unknown>)[] };
  const stored = new Set((await store.listTrackDefinitions()).map((t) => t.id));
  let created = 0;
  for (const { id, ...fields } of file.tracks) {
    if (stored.has(id)) continue;
    const body = TrackDefinitionBodySchema.parse(fields);
    const issues = trackDefinitionIssues(id, body);
    if (issues.length > 0) throw new Error(`seed track ${id} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    await putTrackDefinition(store, { id, body, author: 'seed', now: new Date() });
    created++;
  }
  ctx.log(`tracks: ${created} created, ${stored.size} already stored`);
}
