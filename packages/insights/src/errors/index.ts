// The common-errors insight without any engine (what a Lambda imports statically).
export * from '../stats/wilson';
export * from './cells';
export * from './rules';
export * from './report';
export * from './common-errors';
export type { InsightFilters } from '../sql/render';
export type { InsightEngine } from '../engines/engine';
