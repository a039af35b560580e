import { compileBank, startSession } from '@theta/irt';
import { blueprintBankIssues } from '../blueprints/bank-rules';
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';
import { canonicalJson, compileSnapshot, snapshotItems, type BankSnapshot } from '../blueprints/snapshot';
import { validateBlueprint, type BlueprintError } from '../blueprints/validate-blueprint';
import { catConfigFor } from '../placement/cat-config';
import { withEngineErrors } from '../placement/engine-errors';
import { definedTrackIds, TRACK_CHECK_OFF_NOTE, undefinedTrackErrors } from '../tracks/track-definition-check';
import type { TrackDefinitionStore } from '../tracks/track-definition-put';
import type { CatalogStore } from './ports';
import { publishNotes, skillScopes, type SkillScope } from './publish-report';

export type PublishBlueprintResult =
  /**
   * `unchanged`: the latest version already has this content and this bank: nothing was published (a retry is safe).
   * `scope`: per skill, the items it draws from and their sources; `notes`: the same and the routing, in plain words.
   */
  | { ok: true; blueprint: PublishedBlueprint; snapshotVersion: string; items: number; unchanged: boolean; scope: SkillScope[]; notes: string[] }
  /** `undefinedTrack`: valid, but it routes to a track with no definition (422, not 400) */
  | { ok: false; errors: BlueprintError[]; undefinedTrack?: true };

/**
 * Publishes the next immutable version of a blueprint and compiles its bank snapshot: the parameters of the
 * active items of its skills. All bank reads happen here, at publish time, never on a request path.
 */
export async function publishBlueprint(
  catalog: CatalogStore,
  input: unknown,
  publishedBy: string,
  tracks?: Pick<TrackDefinitionStore, 'listTrackDefinitions'>,
): Promise<PublishBlueprintResult> {
  const validation = validateBlueprint(input);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const draft = validation.blueprint;
  // every track it can route to must be defined; none defined at all: the check is off (docs/tracks.md)
  const defined = tracks ? await definedTrackIds(tracks) : undefined;
  const trackErrors = defined ? undefinedTrackErrors(draft, defined) : [];
  if (trackErrors.length > 0) return { ok: false, errors: trackErrors, undefinedTrack: true };
  const { version: _ignored, ...content } = draft;
  const previous = await catalog.latestBlueprintVersion(draft.id);
  const perSkill = await Promise.all(draft.skills.map((s) => catalog.listSkillItems(s.skill)));
  const sourceItems = perSkill.flat();
  const bankErrors = blueprintBankIssues(draft, sourceItems);
  if (bankErrors.length > 0) return { ok: false, errors: bankErrors };
  const enemies = await catalog.listEnemyGroups();
  const reportOf = (bp: PublishedBlueprint) => {
    const scope = skillScopes(bp, sourceItems);
    return { scope, notes: defined ? publishNotes(bp, scope) : [...publishNotes(bp, scope), TRACK_CHECK_OFF_NOTE] };
  };

  if (previous !== undefined) {
    const current = await latestIfIdentical(catalog, content, previous, (bp) => compileSnapshot(bp, sourceItems, enemies));
    if (current) return { ok: true, unchanged: true, blueprint: current.blueprint, snapshotVersion: current.snapshot.snapshotVersion, items: current.snapshot.items.ids.length, ...reportOf(current.blueprint) };
  }

  const blueprint: PublishedBlueprint = { ...content, version: (previous ?? 0) + 1 };
  const snapshot = compileSnapshot(blueprint, sourceItems, enemies);

  // fail at publish, not at a tasker's first request: the engine must accept the config for every skill mix
  const compiled = compileBank(snapshotItems(snapshot));
  withEngineErrors(() => startSession(catConfigFor(blueprint, snapshot, blueprint.skills.map((s) => s.skill)), compiled));
  const generalOnly = blueprint.skills.filter((s) => s.kind === 'general').map((s) => s.skill);
  if (generalOnly.length > 0) withEngineErrors(() => startSession(catConfigFor(blueprint, snapshot, generalOnly), compiled));

  await catalog.publishBlueprint(blueprint, snapshot, previous, publishedBy);
  return { ok: true, unchanged: false, blueprint, snapshotVersion: snapshot.snapshotVersion, items: snapshot.items.ids.length, ...reportOf(blueprint) };
}

/** The latest version, when republishing `content` now would change neither the blueprint nor its bank snapshot. */
async function latestIfIdentical(
  catalog: CatalogStore,
  content: Omit<PublishedBlueprint, 'version'>,
  version: number,
  compileAs: (blueprint: PublishedBlueprint) => BankSnapshot,
): Promise<{ blueprint: PublishedBlueprint; snapshot: BankSnapshot } | undefined> {
  const [stored, snapshot] = await Promise.all([catalog.getBlueprint(content.id, version), catalog.getSnapshot(content.id, version)]);
  if (!stored || !snapshot) return undefined;
  const { version: _v, ...storedContent } = stored;
  if (canonicalJson(storedContent) !== canonicalJson(content)) return undefined;
  return compileAs(stored).snapshotVersion === snapshot.snapshotVersion ? { blueprint: stored, snapshot } : undefined;
}
