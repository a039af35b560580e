import { compileBank, startSession } from '@theta/irt';
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';
import { compileSnapshot, snapshotItems } from '../blueprints/snapshot';
import { validateBlueprint, type BlueprintError } from '../blueprints/validate-blueprint';
import { catConfigFor } from '../placement/cat-config';
import { withEngineErrors } from '../placement/engine-errors';
import type { CatalogStore } from './ports';

export type PublishBlueprintResult =
  | { ok: true; blueprint: PublishedBlueprint; snapshotVersion: string; items: number }
  | { ok: false; errors: BlueprintError[] };

/**
 * Publishes the next immutable version of a blueprint and compiles its bank snapshot: the parameters of the
 * active items of its skills. All bank reads happen here, at publish time, never on a request path.
 */
export async function publishBlueprint(catalog: CatalogStore, input: unknown, publishedBy: string): Promise<PublishBlueprintResult> {
  const validation = validateBlueprint(input);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const draft = validation.blueprint;
  const previous = await catalog.latestBlueprintVersion(draft.id);
  const blueprint: PublishedBlueprint = { ...draft, version: (previous ?? 0) + 1 };

  const perSkill = await Promise.all(blueprint.skills.map((s) => catalog.listSkillItems(s.skill)));
  const snapshot = compileSnapshot(blueprint, perSkill.flat(), await catalog.listEnemyGroups());

  // fail at publish, not at a tasker's first request: the engine must accept the config for every skill mix
  const compiled = compileBank(snapshotItems(snapshot));
  withEngineErrors(() => startSession(catConfigFor(blueprint, snapshot, blueprint.skills.map((s) => s.skill)), compiled));
  const generalOnly = blueprint.skills.filter((s) => s.kind === 'general').map((s) => s.skill);
  if (generalOnly.length > 0) withEngineErrors(() => startSession(catConfigFor(blueprint, snapshot, generalOnly), compiled));

  await catalog.publishBlueprint(blueprint, snapshot, previous, publishedBy);
  return { ok: true, blueprint, snapshotVersion: snapshot.snapshotVersion, items: snapshot.items.ids.length };
}
