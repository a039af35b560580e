// Authoring a track: each change is a new immutable version; re-sending the current content writes nothing.
import { canonicalJson } from '../blueprints/snapshot';
import { ConflictError } from '../errors';
import type { TrackDefinition, TrackDefinitionBody } from './track-definition';

/** Storage of track definitions. Only packages/store implements it. */
export interface TrackDefinitionStore {
  /** the current version of every track (one Query of a fixed partition) */
  listTrackDefinitions(): Promise<TrackDefinition[]>;
  /** the current version, or `version` when given */
  getTrackDefinition(id: string, version?: number): Promise<TrackDefinition | undefined>;
  /** writes version `def.version` and moves the current pointer to it, iff the current is still `def.version − 1` (none for 1); else ConflictError */
  putTrackDefinition(def: TrackDefinition): Promise<void>;
}

export const TRACK_DEFINITION_CHANGED = 'track_definition_changed';
const ATTEMPTS = 3;

const contentOf = (d: TrackDefinitionBody) => ({ kind: d.kind, title: d.title, skills: d.skills, entry: d.entry, exit: d.exit, courseId: d.courseId });

/**
 * Creates the next version unless the current one already says the same (`unchanged`: a retry is safe). A lost race
 * re-reads and tries again on top of the winner (both versions kept); after 3 lost races ConflictError (409).
 */
export async function putTrackDefinition(
  store: TrackDefinitionStore,
  input: { id: string; body: TrackDefinitionBody; author: string; now: Date },
): Promise<{ track: TrackDefinition; unchanged: boolean }> {
  const { body } = input;
  const content = canonicalJson(contentOf(body));
  for (let attempt = 1; ; attempt++) {
    const current = await store.getTrackDefinition(input.id);
    if (current && canonicalJson(contentOf(current)) === content) return { track: current, unchanged: true };
    const track: TrackDefinition = {
      id: input.id,
      kind: body.kind,
      title: body.title,
      skills: body.skills,
      entry: body.entry,
      exit: body.exit,
      ...(body.courseId === undefined ? {} : { courseId: body.courseId }),
      version: (current?.version ?? 0) + 1,
      updatedAt: input.now.toISOString(),
      updatedBy: input.author,
    };
    try {
      await store.putTrackDefinition(track);
      return { track, unchanged: false };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= ATTEMPTS) {
        if (error instanceof ConflictError)
          throw new ConflictError(TRACK_DEFINITION_CHANGED, `track '${input.id}' kept changing under concurrent writes: read it again and retry`);
        throw error;
      }
    }
  }
}
