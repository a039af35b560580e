import type { ItemSecure, PublicItemContent } from '../bank/split-item';
import { NotFoundError } from '../errors';
import type { PublishedBank } from './published-bank';
import type { CatalogStore } from './ports';

/** Bounded so a container serving a very large bank keeps a steady memory footprint. */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Reads an item's content and key at the version its blueprint snapshot was published with. Item
 * versions are immutable, so a warm container reads each at most once (a small LRU on top of Map order).
 */
export class ItemReader {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly catalog: CatalogStore,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  content(bank: PublishedBank, itemId: string): Promise<PublicItemContent> {
    return this.read(bank, itemId, 'content', (version) => this.catalog.getItemContent(itemId, version));
  }

  secure(bank: PublishedBank, itemId: string): Promise<ItemSecure> {
    return this.read(bank, itemId, 'secure', (version) => this.catalog.getItemSecure(itemId, version));
  }

  private read<T>(bank: PublishedBank, itemId: string, part: string, load: (version: number) => Promise<T | undefined>): Promise<T> {
    const version = bank.itemVersions.get(itemId);
    if (version === undefined) return Promise.reject(new NotFoundError('item_not_found', `item '${itemId}' is not in this placement's bank`));
    const key = `${part}:${itemId}@${version}`;
    const hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit) {
      this.cache.delete(key); // move to the young end
      this.cache.set(key, hit);
      return hit;
    }
    const loaded = load(version).then((value) => {
      if (value === undefined) throw new NotFoundError('item_not_found', `item '${itemId}' version ${version} has no ${part}`);
      return value;
    });
    loaded.catch(() => this.cache.delete(key));
    this.cache.set(key, loaded);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }
}
