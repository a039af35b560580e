import { compileBank, type CompiledBank } from '@theta/irt';
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';
import { snapshotItems, type BankSnapshot } from '../blueprints/snapshot';
import { NotFoundError } from '../errors';
import type { CatalogStore } from './ports';

/** A published blueprint with its snapshot compiled for the CAT engine. Immutable, so cacheable forever. */
export interface PublishedBank {
  blueprint: PublishedBlueprint;
  snapshot: BankSnapshot;
  compiled: CompiledBank;
  /** item id → the stored version whose content and key this snapshot uses */
  itemVersions: ReadonlyMap<string, number>;
}

/**
 * Warm Lambdas keep compiled banks in memory by (blueprint, version): published versions never change,
 * so a request after the first reads no item parameters from DynamoDB at all.
 */
export class PublishedBankCache {
  private readonly banks = new Map<string, Promise<PublishedBank>>();

  constructor(private readonly catalog: CatalogStore) {}

  async latest(blueprintId: string): Promise<PublishedBank> {
    const version = await this.catalog.latestBlueprintVersion(blueprintId);
    if (version === undefined) throw new NotFoundError('blueprint_not_found', `no published blueprint '${blueprintId}'`);
    return this.get(blueprintId, version);
  }

  get(blueprintId: string, version: number): Promise<PublishedBank> {
    const key = `${blueprintId}@${version}`;
    let entry = this.banks.get(key);
    if (!entry) {
      entry = this.load(blueprintId, version);
      this.banks.set(key, entry);
      entry.catch(() => this.banks.delete(key)); // a failed load is retried by the next request
    }
    return entry;
  }

  private async load(blueprintId: string, version: number): Promise<PublishedBank> {
    const [blueprint, snapshot] = await Promise.all([
      this.catalog.getBlueprint(blueprintId, version),
      this.catalog.getSnapshot(blueprintId, version),
    ]);
    if (!blueprint || !snapshot) throw new NotFoundError('blueprint_not_found', `no published blueprint '${blueprintId}' version ${version}`);
    const itemVersions = new Map(snapshot.items.ids.map((id, i) => [id, snapshot.items.versions?.[i] ?? 0]));
    // pilot items are shown (content) and scored (key) like any other, at the version the snapshot recorded
    snapshot.pilot?.ids.forEach((id, i) => itemVersions.set(id, snapshot.pilot?.versions[i] ?? 0));
    return { blueprint, snapshot, compiled: compileBank(snapshotItems(snapshot)), itemVersions };
  }
}
