import type { ItemSecure, PublicItemContent, SplitItem } from '../bank/split-item';
import type { BankSnapshot, SnapshotSourceItem } from '../blueprints/snapshot';
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';

export interface ImportOutcome {
  /** items created or changed (their version advanced) */
  written: string[];
  /** items identical to what is stored (nothing written) */
  unchanged: string[];
}

/** The item bank, blueprints and snapshots. Only packages/store implements it. */
export interface CatalogStore {
  /**
   * writes the batch in one transaction, all or nothing (the batch fits IMPORT_BATCH_LIMITS); an item whose
   * parts are unchanged is not rewritten
   */
  importItems(items: SplitItem[], enemies: string[][]): Promise<ImportOutcome>;
  /** which of these item ids are in the bank (key lookups, never a scan) */
  existingItemIds(ids: string[]): Promise<string[]>;
  /** engine parameters + status of every item of a skill (publish time only: never on a request path) */
  listSkillItems(skill: string): Promise<SnapshotSourceItem[]>;
  listEnemyGroups(): Promise<string[][]>;
  /** an item's parts at one stored version: immutable, so readers may cache them forever */
  getItemContent(itemId: string, version: number): Promise<PublicItemContent | undefined>;
  getItemSecure(itemId: string, version: number): Promise<ItemSecure | undefined>;

  latestBlueprintVersion(blueprintId: string): Promise<number | undefined>;
  getBlueprint(blueprintId: string, version: number): Promise<PublishedBlueprint | undefined>;
  getSnapshot(blueprintId: string, version: number): Promise<BankSnapshot | undefined>;
  /** stores version `blueprint.version` and its snapshot, iff the latest version is still `previousVersion` */
  publishBlueprint(blueprint: PublishedBlueprint, snapshot: BankSnapshot, previousVersion: number | undefined, publishedBy: string): Promise<void>;
}
