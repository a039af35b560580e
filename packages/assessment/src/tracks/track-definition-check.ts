// Where track ids meet the definitions: the tracks a blueprint can route to, and which of them are not defined.
import type { Blueprint } from '../blueprints/blueprint-schema';
import { UnprocessableError } from '../errors';
import type { BlueprintError } from '../blueprints/validate-blueprint';
import type { TrackDefinitionStore } from './track-definition-put';

/** The outcome routing may write that no definition describes (docs/tracks.md, "Track definitions"). */
export const NOT_QUALIFIED = 'not-qualified';

/** Every track decideTrack can return for this blueprint (but not-qualified), each with the blueprint path that opens it. */
export function routableTracks(blueprint: Blueprint): { track: string; path: string }[] {
  const out = new Map<string, string>();
  const add = (track: string, path: string) => {
    if (!out.has(track)) out.set(track, path);
  };
  add('generalist', 'routing.generalist');
  blueprint.skills.forEach((s, i) => {
    if (s.kind === 'domain') add(`expert:${s.domain ?? s.skill}`, s.domain === undefined ? `skills[${i}].skill` : `skills[${i}].domain`);
    else if (blueprint.routing.remedial.maxFailingSkills > 0) add(`remedial:${s.skill}`, `cuts.${s.skill}`);
  });
  return [...out].map(([track, path]) => ({ track, path }));
}

/** The defined track ids; undefined while none is defined (the check is off, like the empty error taxonomy). */
export async function definedTrackIds(store: Pick<TrackDefinitionStore, 'listTrackDefinitions'>): Promise<ReadonlySet<string> | undefined> {
  const defs = await store.listTrackDefinitions();
  return defs.length === 0 ? undefined : new Set(defs.map((d) => d.id));
}

/** One error per routable track that is not defined, at the path that opens it. */
export function undefinedTrackErrors(blueprint: Blueprint, defined: ReadonlySet<string>): BlueprintError[] {
  return routableTracks(blueprint)
    .filter((t) => !defined.has(t.track))
    .map((t) => ({ path: t.path, message: `routes to track '${t.track}', which is not defined (PUT /v1/tracks/${t.track})` }));
}

/** The note a publish report carries while the check is off. */
export const TRACK_CHECK_OFF_NOTE = 'Tracks: no track is defined yet (PUT /v1/tracks/{id}), so the tracks this blueprint routes to were not checked.';

export const UNKNOWN_TRACK = 'unknown_track';

/** UnprocessableError `unknown_track` (details.field `to`) unless `track` is defined, not-qualified, or nothing is defined yet. */
export async function requireDefinedTrack(store: Pick<TrackDefinitionStore, 'getTrackDefinition' | 'listTrackDefinitions'>, track: string): Promise<void> {
  if (track === NOT_QUALIFIED || (await store.getTrackDefinition(track))) return;
  if ((await definedTrackIds(store)) === undefined) return;
  throw new UnprocessableError(UNKNOWN_TRACK, `track '${track}' is not defined (PUT /v1/tracks/${track})`, { field: 'to' });
}
