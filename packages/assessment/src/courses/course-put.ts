// Authoring a course: each change is a new immutable version; re-sending the current content writes nothing.
import { canonicalJson } from '../blueprints/snapshot';
import { ConflictError } from '../errors';
import type { Course, CourseBody } from './course';

/** Storage of course definitions. Only packages/store implements it. */
export interface CourseStore {
  /** the current version, or `version` when given */
  getCourse(id: string, version?: number): Promise<Course | undefined>;
  /** writes version `course.version` and moves the current pointer to it, iff the current is still `version − 1` (none for 1); else ConflictError */
  putCourse(course: Course): Promise<void>;
}

export const COURSE_CHANGED = 'course_changed';
const ATTEMPTS = 3;

const contentOf = (c: CourseBody) => ({ title: c.title, skills: c.skills, modules: c.modules, exitBlueprintId: c.exitBlueprintId, variants: c.variants });

/**
 * Creates the next version unless the current one already says the same (`unchanged`: a retry is safe). A lost race
 * re-reads and tries again on top of the winner (both versions kept); after 3 lost races ConflictError (409).
 */
export async function putCourse(store: CourseStore, input: { id: string; body: CourseBody; author: string; now: Date }): Promise<{ course: Course; unchanged: boolean }> {
  const content = canonicalJson(contentOf(input.body));
  for (let attempt = 1; ; attempt++) {
    const current = await store.getCourse(input.id);
    if (current && canonicalJson(contentOf(current)) === content) return { course: current, unchanged: true };
    const course: Course = {
      id: input.id,
      ...input.body,
      version: (current?.version ?? 0) + 1,
      updatedAt: input.now.toISOString(),
      updatedBy: input.author,
    };
    try {
      await store.putCourse(course);
      return { course, unchanged: false };
    } catch (error) {
      if (error instanceof ConflictError && attempt < ATTEMPTS) continue;
      if (error instanceof ConflictError) throw new ConflictError(COURSE_CHANGED, `course '${input.id}' kept changing under concurrent writes: read it again and retry`);
      throw error;
    }
  }
}
