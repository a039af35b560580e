// Cutting an item file into batches that each fit one transaction (the demo seed: 188 items, 5 enemy groups).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_BATCH_LIMITS, atomicBatches, batchSizeError, type RawItemBatch } from '../src/catalog/import-batches';

const seed = JSON.parse(readFileSync(join(__dirname, '../../local/seed/items.json'), 'utf8')) as RawItemBatch & { enemies: string[][] };

describe('batchSizeError', () => {
  it('accepts 33 items (99 writes) and 33 items + 1 group (100), rejects 34 items (102) naming the limit', () => {
    const items = seed.items.slice(0, 34);
    expect(batchSizeError({ items: items.slice(0, 33) })).toBeUndefined();
    expect(batchSizeError({ items: items.slice(0, 33), enemies: [['a', 'b']] })).toBeUndefined();
    expect(batchSizeError({ items })).toEqual({ index: null, path: 'items', message: expect.stringContaining('this one needs 102 writes') });
  });

  it('rejects a batch whose estimated size exceeds the byte limit, whatever its write count', () => {
    const huge = { ...seed.items[0], content: { stem: 'é'.repeat(IMPORT_BATCH_LIMITS.maxBytes / 2) } };
    expect(batchSizeError({ items: [huge] })?.message).toMatch(/about \d+ bytes, more than 3500000/);
  });
});

describe('atomicBatches', () => {
  const parts = atomicBatches(seed);

  it('every batch fits one transaction and has an item; together they are the file, in order', () => {
    expect(parts.length).toBe(Math.ceil((seed.items.length * 3 + seed.enemies.length) / 100));
    for (const part of parts) {
      expect(batchSizeError(part)).toBeUndefined();
      expect(part.items.length).toBeGreaterThan(0);
    }
    expect(parts.flatMap((p) => p.items)).toEqual(seed.items);
  });

  it('each enemy group is sent once, in the batch of its last member: all its members are written by then', () => {
    expect(parts.flatMap((p) => p.enemies ?? []).sort()).toEqual([...seed.enemies].sort());
    parts.forEach((part, n) => {
      const sentSoFar = new Set(parts.slice(0, n + 1).flatMap((p) => p.items.map((i) => i.id)));
      for (const group of part.enemies ?? []) {
        expect(group.every((id) => sentSoFar.has(id))).toBe(true);
        expect(group.some((id) => part.items.some((i) => i.id === id))).toBe(true);
      }
    });
  });

  it('a group naming only items outside the file goes with the first batch', () => {
    const out = atomicBatches({ items: seed.items.slice(0, 40), enemies: [['old-1', 'old-2']] });
    expect(out[0]?.enemies).toEqual([['old-1', 'old-2']]);
    expect(out.slice(1).every((p) => !p.enemies)).toBe(true);
  });
});
