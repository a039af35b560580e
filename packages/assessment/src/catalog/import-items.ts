import { ITEM_ID_PATTERN } from '../bank/item-schema';
import { splitItem } from '../bank/split-item';
import { validateItemBatch, type ItemError } from '../bank/validate-batch';
import { atomicBatches, batchSizeError, type RawItemBatch } from './import-batches';
import type { CatalogStore, ImportOutcome } from './ports';
import { errorTaxonomySlugs, type TaxonomyStore } from '../taxonomy/error-tag';

export type ImportItemsResult = ({ ok: true } & ImportOutcome) | { ok: false; errors: ItemError[] };

/** Enemy-group members that are not items of the batch: they may name items already in the bank. */
function outsideEnemyIds(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  const { items, enemies } = input as { items?: unknown; enemies?: unknown };
  const inBatch = new Set(Array.isArray(items) ? items.map((i) => (typeof i === 'object' && i !== null ? (i as { id?: unknown }).id : undefined)) : []);
  const members = Array.isArray(enemies) ? enemies.flatMap((g) => (Array.isArray(g) ? (g as unknown[]) : [])) : [];
  return [...new Set(members.filter((m): m is string => typeof m === 'string' && ITEM_ID_PATTERN.test(m) && !inBatch.has(m)))];
}

/**
 * Imports one batch, all or nothing: it is validated whole (every error reported, enemy groups may name items
 * already in the bank) and written in one store transaction, so a batch too large for one is rejected too.
 * Writing is idempotent: re-sending a batch rewrites only items whose content changed.
 */
export async function importItems(catalog: CatalogStore, input: unknown, taxonomy?: Pick<TaxonomyStore, 'listErrorTags'>): Promise<ImportItemsResult> {
  const sizeError = batchSizeError(input);
  const outside = outsideEnemyIds(input);
  // key lookups of exactly the ids named (never a scan); skipped when the batch is rejected for its size anyway
  const knownItemIds = outside.length > 0 && !sizeError ? await catalog.existingItemIds(outside) : [];
  // error tags must be in the taxonomy once authors manage one (docs/item-bank.md, "Error tags")
  const knownErrorTags = taxonomy && !sizeError ? await errorTaxonomySlugs(taxonomy) : undefined;
  const validation = validateItemBatch(input, { knownItemIds, ...(knownErrorTags ? { knownErrorTags } : {}) });
  const errors = [...(sizeError ? [sizeError] : []), ...(validation.ok ? [] : validation.errors)];
  if (!validation.ok || errors.length > 0) return { ok: false, errors };
  const outcome = await catalog.importItems(
    validation.batch.items.map((item) => splitItem(item)),
    validation.batch.enemies ?? [],
  );
  return { ok: true, ...outcome };
}

/**
 * For a trusted local file (the demo seed, benchmarks): the whole file is validated first, then written as
 * consecutive atomic batches (`atomicBatches`). Each batch is all or nothing; a failure stops before the next
 * (`batchesWritten` says how many landed), and re-running is safe because imports are idempotent.
 * The HTTP route takes one batch: `importItems`.
 */
export async function importItemsInParts(
  catalog: CatalogStore,
  input: unknown,
  taxonomy?: Pick<TaxonomyStore, 'listErrorTags'>,
): Promise<ImportItemsResult & { batchesWritten: number }> {
  const outside = outsideEnemyIds(input);
  const knownErrorTags = taxonomy ? await errorTaxonomySlugs(taxonomy) : undefined;
  const whole = validateItemBatch(input, { knownItemIds: outside.length > 0 ? await catalog.existingItemIds(outside) : [], ...(knownErrorTags ? { knownErrorTags } : {}) });
  if (!whole.ok) return { ...whole, batchesWritten: 0 };
  const total: ImportOutcome = { written: [], unchanged: [] };
  let batchesWritten = 0;
  for (const batch of atomicBatches(input as RawItemBatch)) {
    const result = await importItems(catalog, batch, taxonomy);
    if (!result.ok) return { ...result, batchesWritten };
    total.written.push(...result.written);
    total.unchanged.push(...result.unchanged);
    batchesWritten++;
  }
  return { ok: true, ...total, batchesWritten };
}
