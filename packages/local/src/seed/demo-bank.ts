import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importItemsInParts, publishBlueprint } from '@theta/assessment';
import { DynamoCatalogStore, DynamoTrackDefinitionStore } from '@theta/store';
import { REPO_ROOT } from '../paths';
import type { SeedContext } from './seed-context';

const SEED_DIR = join(REPO_ROOT, 'packages', 'local', 'seed');
export const DEMO_BLUEPRINT_FILES = ['general-placement.json'];

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/**
 * Imports the demo item bank and publishes the demo blueprints through the same use cases as the API;
 * both are idempotent, so restarts write nothing new.
 */
export async function seedDemoBank(ctx: SeedContext): Promise<void> {
  const catalog = new DynamoCatalogStore(ctx.ddb, ctx.tableNames.bank);
  const imported = await importItemsInParts(catalog, await readJson(join(SEED_DIR, 'items.json')));
  if (!imported.ok) throw new Error(`demo item bank is invalid: ${imported.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  ctx.log(`demo items: ${imported.written.length} written, ${imported.unchanged.length} unchanged`);

  for (const file of DEMO_BLUEPRINT_FILES) {
    const published = await publishBlueprint(catalog, await readJson(join(SEED_DIR, 'blueprints', file)), 'seed', new DynamoTrackDefinitionStore(ctx.ddb, ctx.tableNames.bank));
    if (!published.ok) throw new Error(`demo blueprint ${file} is invalid: ${published.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const { id, version } = published.blueprint;
    ctx.log(published.unchanged ? `demo blueprint ${id}: version ${version} is current` : `demo blueprint ${id}: published version ${version} (${published.items} items)`);
  }
}
