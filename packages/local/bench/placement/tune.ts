// `npm run bench:placement -- --in-process`: the tuning step before the API run. The same held-out bank, but a
// separate tuning set of simulees (seed 99, never the API run's), through `simulatePlacement`: exactly the
// config and routing the API uses, without I/O. Compares the documented default with the other classification
// settings a blueprint can name.
import { compileBank, createRng, probabilityCorrect } from '@theta/irt';
import { compileSnapshot, simulatePlacement, snapshotItems, validateBlueprint, type PublishedBank, type SnapshotSourceItem } from '@theta/assessment';
import { HELD_OUT_CUT, HELD_OUT_SKILL, heldOutAbilities, type HeldOutItem } from './held-out';
import { placementBenchBlueprint } from './placement-blueprint';
import { formatSummary, routingSummary, type RoutedSimulee } from './routing-stats';

export const TUNING_SETTINGS: { name: string; selection?: Record<string, unknown>; classification?: Record<string, unknown>; seThreshold?: number }[] = [
  { name: 'default (CMI; posterior 0.995, itemCost 0.0002)' },
  { name: 'CMI; posterior 0.995, itemCost 0.0004 (the default before 2026-12-06)', classification: { method: 'posterior', itemCost: 0.0004 } },
  { name: 'CMI; posterior 0.99, itemCost 0.0002', classification: { method: 'posterior', confidence: 0.99 } },
  { name: 'CMI; posterior 0.995, itemCost 0.0001', classification: { method: 'posterior', itemCost: 0.0001 } },
  { name: 'CMI; posterior 0.995, itemCost 0.00005', classification: { method: 'posterior', itemCost: 0.00005 } },
  { name: 'MFI; posterior 0.995, itemCost 0.0002', selection: { method: 'MFI' } },
  { name: 'MFI; ci 0.95 (the issue\'s setting)', selection: { method: 'MFI' }, classification: { method: 'ci', confidence: 0.95 } },
  { name: 'MFI; SE ≤ 0.3 only, no classification stop', selection: { method: 'MFI' }, classification: { method: 'none' }, seThreshold: 0.3 },
  // about the ceiling of any stopping rule under the 30-item cap: stop only when the 99.99% interval clears the cut
  { name: 'CMI; ci 0.9999 (≈ the 30-item ceiling)', classification: { method: 'ci', confidence: 0.9999 } },
];

function bankFor(blueprintInput: unknown, items: readonly HeldOutItem[]): PublishedBank {
  const v = validateBlueprint(blueprintInput);
  if (!v.ok) throw new Error(`bench blueprint invalid: ${JSON.stringify(v.errors)}`);
  const blueprint = { ...v.blueprint, version: 1 };
  const source: SnapshotSourceItem[] = items.map((h) => ({ ...h.params, skill: HELD_OUT_SKILL, status: 'active', tags: h.item.tags as string[], version: 1 }));
  const snapshot = compileSnapshot(blueprint, source, []);
  return { blueprint, snapshot, compiled: compileBank(snapshotItems(snapshot)), itemVersions: new Map(snapshot.items.ids.map((id) => [id, 1])) };
}

export function runInProcess(items: readonly HeldOutItem[], simulees: number, out: (line: string) => void): void {
  const thetas = heldOutAbilities(simulees, 99);
  const params = new Map(items.map((h) => [h.params.id, h.params]));
  for (const setting of TUNING_SETTINGS) {
    const input = placementBenchBlueprint(setting);
    if (setting.seThreshold !== undefined) (input.cat as { stopping: Record<string, unknown> }).stopping.seThreshold = setting.seThreshold;
    const bank = bankFor(input, items);
    const runs: RoutedSimulee[] = thetas.map((theta, k) => {
      const rng = createRng(`tune:${k}`);
      const placed = simulatePlacement(bank, {
        placementId: `tune-${k}`,
        profile: { declaredDomains: [], educationLevel: 'other' },
        respond: (id) => (rng() < probabilityCorrect(params.get(id) as HeldOutItem['params'], theta) ? 1 : 0),
      });
      return { theta, track: placed.result.track, items: placed.items.length };
    });
    out(`  ${setting.name.padEnd(48)} ${formatSummary(routingSummary(runs, HELD_OUT_CUT))}`);
  }
}
