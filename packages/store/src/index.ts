export { TABLES, tableEnvVar, type TableKey, type TableDefinition } from './tables';
export { parseStoreConfig, tableName, type StoreConfig } from './config';
export { dynamoClient, documentClient } from './client';
export { boundedClientConfig, DYNAMODB_TIMEOUTS, type DynamoDbTimeouts, worstCaseCallMs } from './client-config';
export { probeDatabase, type DatabaseState } from './database-probe';
export { DynamoRateLimiter } from './rate-limiter';
export { isLostRace, conditionally } from './conditional';
export { keys, PROFICIENCY_ATTRIBUTE_PREFIX } from './keys';
export { DynamoPlacementStore, type PlacementTables } from './repositories/placement-repository';
export { DynamoTaskerStore } from './repositories/tasker-repository';
export { DynamoTaskerDirectory, LIST_READ_BUDGET } from './repositories/tasker-directory-repository';
export { DynamoTrackStore } from './repositories/track-repository';
export { DynamoTrackDefinitionStore } from './repositories/track-definition-repository';
export { DynamoCourseStore, DynamoEnrollmentStore } from './repositories/course-repository';
export { DynamoBulkRerouteStore } from './repositories/bulk-reroute-repository';
export { DynamoQualitySignalStore, DynamoRemediationRuleStore } from './repositories/remediation-repository';
export { DynamoRecentResponseReader, RECENT_SESSIONS_CAP } from './repositories/recent-responses-repository';
export { DynamoCatalogStore } from './repositories/catalog-repository';
export { outboxEventsFrom, type OutboxBatch, type OutboxEvent, type OutboxRejection } from './outbox';
export { responseRecordFromChange, type DynamoKinesisChange } from './analytics-stream';
export { DynamoQuizStore, putPracticeSeen, type QuizTables } from './repositories/quiz-repository';
export { DynamoTaxonomyStore } from './repositories/taxonomy-repository';
export { DynamoCalibrationStore } from './repositories/calibration-repository';
export { DynamoPlacementProfileReader } from './repositories/placement-profile-repository';
export {
  DynamoResponseLogStore,
  RESPONSE_LOG_START,
  ResponseCursorError,
  responseRowToRecord,
  type ResponsePage,
  type ResponsePageRequest,
} from './repositories/response-log-repository';
export { DynamoAnalyticsExportStore, enrollmentRowToRecord, historyRowToMeasurements, trackRowToChange, type AnalyticsEnrollment, type AnalyticsMeasurement, type AnalyticsTrackChange } from './repositories/analytics-export-repository';
export { enrollmentRecordFromChange, measurementRecordsFromChange, trackChangeRecordFromChange } from './analytics-course-stream';
export { DynamoTaskerErasureStore, anonymisedAuditRow, type ErasureTables, type ErasureOptions } from './repositories/erasure-repository';
