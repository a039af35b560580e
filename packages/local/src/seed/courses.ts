import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CourseBodySchema, putCourse } from '@theta/assessment';
import { DynamoCourseStore } from '@theta/store';
import { REPO_ROOT } from '../paths';
import type { SeedContext } from './seed-context';

const SEED_FILE = join(REPO_ROOT, 'packages', 'local', 'seed', 'courses.json');

/**
 * The demo's remedial courses (seed/courses.json): one per course a seeded remedial track names, a practice module
 * on the track's skill and the placement blueprint as the exit re-assessment, so a rule or ops move into a remedial
 * track enrols the tasker in a course that exists. Courses not yet stored are created; ones an author changed are
 * left alone.
 */
export async function seedCourses(ctx: SeedContext): Promise<void> {
  const store = new DynamoCourseStore(ctx.ddb, ctx.tableNames.bank);
  const file = JSON.parse(await readFile(SEED_FILE, 'utf8')) as { courses: ({ id: string } & Record<string, unknown>)[] };
  let created = 0;
  for (const { id, ...fields } of file.courses) {
    if (await store.getCourse(id)) continue;
    await putCourse(store, { id, body: CourseBodySchema.parse(fields), author: 'seed', now: new Date() });
    created++;
  }
  ctx.log(`courses: ${created} created, ${file.courses.length - created} already stored`);
}
