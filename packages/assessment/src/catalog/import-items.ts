import { splitItem } from '../bank/split-item';
import { validateItemBatch, type ItemError } from '../bank/validate-batch';
import type { CatalogStore, ImportOutcome } from './ports';

export type ImportItemsResult = ({ ok: true } & ImportOutcome) | { ok: false; errors: ItemError[] };

/**
 * Validates the whole batch first; a batch with any error writes nothing and reports every error.
 * Writing is idempotent: re-sending a batch rewrites only items whose content changed.
 */
export async function importItems(catalog: CatalogStore, input: unknown): Promise<ImportItemsResult> {
  const validation = validateItemBatch(input);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const outcome = await catalog.importItems(
    validation.batch.items.map((item) => splitItem(item)),
    validation.batch.enemies ?? [],
  );
  return { ok: true, ...outcome };
}
