// The analytics-lake purge of an erased tasker (docs/security.md, "The analytics lake").
export * from './lake-files';
export * from './purge-sql';
export * from './purge-tasker';
export * from './s3-lake-keys';
