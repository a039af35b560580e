// The port every insight runs through: one SQL text, rendered for the engine, rows back as plain values.
import type { InsightFilters } from '../sql/render';
import type { InsightName } from '../sql/insight-sql';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface InsightEngine {
  /** which engine, for the response's `engine` field */
  readonly name: 'athena' | 'duckdb';
  run(insight: InsightName, filters: InsightFilters): Promise<SqlRow[]>;
}
