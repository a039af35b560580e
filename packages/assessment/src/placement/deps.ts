import type { PublishedBankCache } from '../catalog/published-bank';
import type { ItemReader } from '../catalog/item-reader';
import type { PlacementStore } from './ports';

/** What the placement use cases need from the outside world (injected; the tests use DynamoDB Local). */
export interface PlacementDeps {
  placements: PlacementStore;
  banks: PublishedBankCache;
  items: ItemReader;
  now: () => Date;
  newId: () => string;
}
