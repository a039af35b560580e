/** Tasker ids the printed demo tokens use; the tasker token carries the first. */
export const DEMO_TASKER_IDS = ['demo-tasker-1', 'demo-tasker-2', 'demo-tasker-3'] as const;
