// Item health: classical statistics, fit, drift, DIF and rapid guessing per item (docs/item-health.md).
export * from './types';
export { itemHealth } from './item-health';
export { largestGroup } from './dif';
export { mantelHaenszel, etsClass, type StratumTable } from './mantel-haenszel';
export { HEALTH_DEFAULTS, FLAG_SEVERITY } from './thresholds';
