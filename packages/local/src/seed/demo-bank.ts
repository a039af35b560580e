import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, importItems, publishBlueprint, validateBlueprint } from '@theta/assessment';
import { DynamoCatalogStore } from '@theta/store';
import { REPO_ROOT } from '../paths';
import type { SeedContext } from './seed-context';

const SEED_DIR = join(REPO_ROOT, 'packages', 'local', 'seed');
export const DEMO_BLUEPRINT_FILES = ['general-placement.json'];

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/**
 * Imports the demo item bank through the same use case as `POST /v1/items/batch`, then publishes each demo
 * blueprint unless its latest published version already has the same content (so restarts add no versions).
 */
export async function seedDemoBank(ctx: SeedContext): Promise<void> {
  const catalog = new DynamoCatalogStore(ctx.ddb, ctx.tableNames.bank);
  const imported = await importItems(catalog, await readJson(join(SEED_DIR, 'items.json')));
  if (!imported.ok) throw new Error(`demo item bank is invalid: ${imported.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  ctx.log(`demo items: ${imported.written.length} written, ${imported.unchanged.length} unchanged`);

  for (const file of DEMO_BLUEPRINT_FILES) {
    const raw = await readJson(join(SEED_DIR, 'blueprints', file));
    const parsed = validateBlueprint(raw);
    if (!parsed.ok) throw new Error(`demo blueprint ${file} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const latest = await catalog.latestBlueprintVersion(parsed.blueprint.id);
    if (latest !== undefined) {
      const stored = await catalog.getBlueprint(parsed.blueprint.id, latest);
      const { version: _v, ...storedContent } = stored ?? {};
      if (stored && canonicalJson(storedContent) === canonicalJson(parsed.blueprint)) {
        ctx.log(`demo blueprint ${parsed.blueprint.id}: version ${latest} is current`);
        continue;
      }
    }
    const published = await publishBlueprint(catalog, raw, 'seed');
    if (!published.ok) throw new Error(`demo blueprint ${file}: ${published.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    ctx.log(`demo blueprint ${published.blueprint.id}: published version ${published.blueprint.version} (${published.items} items)`);
  }
}
