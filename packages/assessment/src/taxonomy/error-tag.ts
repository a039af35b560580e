// The error taxonomy as data: authors manage the tags wrong options name (docs/quizzes.md, "Error tags").
import * as z from 'zod';
import { SlugSchema } from '../bank/item-schema';
import { ConflictError } from '../errors';

export const ErrorTagBodySchema = z.strictObject({
  description: z.string().min(1).max(500).meta({ description: 'the mistake in plain words, as a tasker reads it in feedback' }),
  skill: SlugSchema,
  study: z.string().min(1).max(1000).meta({ description: 'what to study to stop making it' }),
  courseId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1..64 lowercase letters, digits or hyphens').optional().meta({ description: 'the remedial course that teaches it' }),
  version: z.int().min(1).optional().meta({ description: 'the version you read and are replacing; absent: create a new tag (409 if it exists)' }),
});

export type ErrorTagBody = z.output<typeof ErrorTagBodySchema>;

export interface ErrorTag {
  slug: string;
  description: string;
  skill: string;
  study: string;
  courseId?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** Storage of the taxonomy. Only packages/store implements it. */
export interface TaxonomyStore {
  /** every tag (a small partition, one Query) */
  listErrorTags(): Promise<ErrorTag[]>;
  getErrorTag(slug: string): Promise<ErrorTag | undefined>;
  /** writes `tag` iff the stored version is still `tag.version − 1` (absent for version 1); else ConflictError */
  putErrorTag(tag: ErrorTag): Promise<void>;
}

export const ERROR_TAG_CHANGED = 'error_tag_changed';

/**
 * Creates (no `version`) or replaces (the `version` read) one tag: two authors editing the same tag cannot overwrite
 * each other silently, the second gets 409 `error_tag_changed` and re-reads.
 */
export async function putErrorTag(
  store: TaxonomyStore,
  input: { slug: string; body: ErrorTagBody; author: string; now: Date },
): Promise<{ tag: ErrorTag; created: boolean }> {
  const { body } = input;
  const tag: ErrorTag = {
    slug: input.slug,
    description: body.description,
    skill: body.skill,
    study: body.study,
    ...(body.courseId === undefined ? {} : { courseId: body.courseId }),
    version: (body.version ?? 0) + 1,
    updatedAt: input.now.toISOString(),
    updatedBy: input.author,
  };
  try {
    await store.putErrorTag(tag);
  } catch (error) {
    if (error instanceof ConflictError)
      throw new ConflictError(
        ERROR_TAG_CHANGED,
        body.version === undefined
          ? `error tag '${input.slug}' already exists: read it (GET /v1/error-tags) and send its version`
          : `error tag '${input.slug}' is no longer at version ${body.version}: someone changed it; re-read and apply your change again`,
      );
    throw error;
  }
  return { tag, created: body.version === undefined };
}

/** The slugs an import checks error tags against; empty means the taxonomy is not managed yet (no check). */
export async function errorTaxonomySlugs(store: Pick<TaxonomyStore, 'listErrorTags'>): Promise<string[] | undefined> {
  const tags = await store.listErrorTags();
  return tags.length === 0 ? undefined : tags.map((t) => t.slug);
}
