import { seedCourses } from './courses';
import { seedDemoBank } from './demo-bank';
import { seedErrorTags, seedPracticeItems } from './practice';
import type { SeedContext } from './seed-context';
import { seedTracks } from './tracks';

export type { SeedContext } from './seed-context';
export { DEMO_TASKER_IDS } from './demo-taskers';

/**
 * Demo data for `npm start` (and e2e tests that ask for it). Every step must be idempotent:
 * it runs on each start against the on-disk database. Steps run in dependency order
 * (item bank before blueprints before anything that references them).
 * Demo taskers need no rows: a tasker exists once onboarding starts their placement.
 */
export async function seedDemoData(ctx: SeedContext): Promise<void> {
  // the error taxonomy before any item that names its tags
  await seedErrorTags(ctx);
  // the tracks before the blueprints that route to them (publishing checks them)
  await seedTracks(ctx);
  await seedDemoBank(ctx);
  await seedPracticeItems(ctx);
  // after the blueprint their exit re-assessment names and the practice items their quizzes draw
  await seedCourses(ctx);
}
