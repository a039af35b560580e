// Public API of @theta/insights: training analytics over the response log, one SQL text per insight, run by
// Athena in AWS and DuckDB locally (docs/insights.md).
export * from './engines/engine';
export * from './engines/athena-requests';
export * from './engines/athena-engine';
export * from './engines/duckdb-engine';
export * from './sql/dialect';
export * from './sql/render';
export * from './sql/insight-sql';
export * from './stats/wilson';
export * from './errors/cells';
export * from './errors/rules';
export * from './errors/report';
export * from './errors/common-errors';
export * from './schema';
export * from './local/responses-table';
export * from './local/load-log';
export * from './local/paths';
export * from './local/course-records-table';
export * from './local/course-logs';
export * from './analytics-row';
export * from './firehose-transform';
export * from './stats/course-effect';
export * from './courses';
