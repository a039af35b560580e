import { seedDemoTaskers } from './demo-taskers';
import type { SeedContext } from './seed-context';

export type { SeedContext } from './seed-context';
export { DEMO_TASKER_IDS } from './demo-taskers';

/**
 * Demo data for `npm start` (and e2e tests that ask for it). Every step must be idempotent:
 * it runs on each start against the on-disk database. Add steps here, in dependency order
 * (item bank before blueprints before anything that references them).
 */
export async function seedDemoData(ctx: SeedContext): Promise<void> {
  await seedDemoTaskers(ctx);
}
