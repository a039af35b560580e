import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorTagBodySchema, importItemsInParts, putErrorTag } from '@theta/assessment';
import { DynamoCatalogStore, DynamoTaxonomyStore } from '@theta/store';
import { REPO_ROOT } from '../paths';
import type { SeedContext } from './seed-context';

const SEED_DIR = join(REPO_ROOT, 'packages', 'local', 'seed');

/** The error taxonomy of DOMAIN.md (seed/error-tags.json): tags not yet stored are created; edited ones are left alone. */
export async function seedErrorTags(ctx: SeedContext): Promise<void> {
  const taxonomy = new DynamoTaxonomyStore(ctx.ddb, ctx.tableNames.bank);
  const file = JSON.parse(await readFile(join(SEED_DIR, 'error-tags.json'), 'utf8')) as { errorTags: ({ slug: string } & Record<string, unknown>)[] };
  const stored = new Set((await taxonomy.listErrorTags()).map((t) => t.slug));
  let created = 0;
  for (const { slug, ...fields } of file.errorTags) {
    if (stored.has(slug)) continue;
    await putErrorTag(taxonomy, { slug, body: ErrorTagBodySchema.parse(fields), author: 'seed', now: new Date() });
    created++;
  }
  ctx.log(`error tags: ${created} created, ${stored.size} already stored`);
}

/** The practice items (seed/practice-items.json, `use: ["practice"]`), checked against the taxonomy like any import. */
export async function seedPracticeItems(ctx: SeedContext): Promise<void> {
  const catalog = new DynamoCatalogStore(ctx.ddb, ctx.tableNames.bank);
  const taxonomy = new DynamoTaxonomyStore(ctx.ddb, ctx.tableNames.bank);
  const input = JSON.parse(await readFile(join(SEED_DIR, 'practice-items.json'), 'utf8')) as unknown;
  const imported = await importItemsInParts(catalog, input, taxonomy);
  if (!imported.ok) throw new Error(`practice items are invalid: ${imported.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  ctx.log(`practice items: ${imported.written.length} written, ${imported.unchanged.length} unchanged`);
}
