// How big one import batch may be, and how a larger file is cut into batches that each fit. A batch is written
// in ONE store transaction, so it is all or nothing; the limits are those of one DynamoDB transaction
// (docs/item-bank.md, "Batch size").
import type { ItemError } from '../bank/validate-batch';

export const IMPORT_BATCH_LIMITS = {
  /** writes of one transaction (DynamoDB TransactWriteItems: 100 actions) */
  maxWrites: 100,
  /** an item is stored as three records: catalogue + parameters, tasker-facing content, secure key */
  writesPerItem: 3,
  /** an enemy group is one record */
  writesPerEnemyGroup: 1,
  /** estimated stored size (UTF-8 JSON of the items + a per-item allowance); DynamoDB allows 4 MB per transaction */
  maxBytes: 3_500_000,
  /** the per-item allowance for keys, hash, version and attribute names */
  bytesPerItemOverhead: 1024,
} as const;

type RawItem = { id?: unknown } & Record<string, unknown>;
export interface RawItemBatch {
  items: RawItem[];
  enemies?: string[][];
}

const utf8Bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;
const itemBytes = (item: unknown): number => utf8Bytes(item) + IMPORT_BATCH_LIMITS.bytesPerItemOverhead;

/** The writes and estimated bytes a batch needs (counted on the raw input, valid or not). */
export function batchCost(items: readonly unknown[], enemies: readonly unknown[]): { writes: number; bytes: number } {
  return {
    writes: items.length * IMPORT_BATCH_LIMITS.writesPerItem + enemies.length * IMPORT_BATCH_LIMITS.writesPerEnemyGroup,
    bytes: items.reduce<number>((sum, item) => sum + itemBytes(item), 0) + enemies.reduce<number>((sum, group) => sum + utf8Bytes(group), 0),
  };
}

/** The batch-level error of a batch that cannot be written in one transaction, if it is too large. */
export function batchSizeError(input: unknown): ItemError | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { items, enemies } = input as { items?: unknown; enemies?: unknown };
  const { writes, bytes } = batchCost(Array.isArray(items) ? items : [], Array.isArray(enemies) ? enemies : []);
  const { maxWrites, maxBytes, writesPerItem } = IMPORT_BATCH_LIMITS;
  if (writes <= maxWrites && bytes <= maxBytes) return undefined;
  const need = writes > maxWrites ? `${writes} writes (${writesPerItem} per item, 1 per enemy group), more than ${maxWrites}` : `about ${bytes} bytes, more than ${maxBytes}`;
  return {
    index: null,
    path: 'items',
    message:
      `a batch is written in one transaction (all or nothing), so it holds at most ${maxWrites} writes and ${maxBytes} bytes ` +
      `(e.g. ${Math.floor(maxWrites / writesPerItem)} items); this one needs ${need}. Send it in smaller batches: ` +
      '`npm run items:import` splits a file into batches that each fit',
  };
}

/**
 * Cuts a (valid) batch into batches that each fit one transaction, items in file order. An enemy group travels
 * with the last of its members in the file, so by the time it is written every member is in the batch or already
 * in the bank; groups naming no item of the file go with the first item (their members must be in the bank).
 * An item and its groups are never separated, so every batch has an item.
 */
export function atomicBatches(batch: RawItemBatch): RawItemBatch[] {
  const position = new Map(batch.items.map((item, i) => [String(item.id), i]));
  const groupsWith = new Map<number, string[][]>();
  for (const group of batch.enemies ?? []) {
    const last = Math.max(0, ...group.map((id) => position.get(id) ?? 0));
    groupsWith.set(last, [...(groupsWith.get(last) ?? []), group]);
  }
  const out: RawItemBatch[] = [];
  let current: { items: RawItem[]; enemies: string[][] } = { items: [], enemies: [] };
  const flush = () => {
    if (current.items.length > 0) out.push(current.enemies.length > 0 ? current : { items: current.items });
    current = { items: [], enemies: [] };
  };
  const fits = (items: RawItem[], enemies: string[][]) => {
    const cost = batchCost(items, enemies);
    return cost.writes <= IMPORT_BATCH_LIMITS.maxWrites && cost.bytes <= IMPORT_BATCH_LIMITS.maxBytes;
  };
  batch.items.forEach((item, i) => {
    const groups = groupsWith.get(i) ?? [];
    if (!fits([...current.items, item], [...current.enemies, ...groups])) flush();
    current.items.push(item);
    current.enemies.push(...groups);
  });
  flush();
  return out;
}
