// The one route table. infra/ creates an API Gateway route + Lambda per entry;
// packages/local serves the same entries by importing each handler; the OpenAPI
// document is generated from the contracts listed here.
import type { TableKey } from '@theta/store/tables';
import * as bulkReroutes from './contracts/bulk-reroutes';
import * as calibrations from './contracts/calibrations';
import * as catalog from './contracts/catalog';
import * as courses from './contracts/courses';
import * as errorTags from './contracts/error-tags';
import * as insights from './contracts/insights';
import * as placements from './contracts/placements';
import * as quizzes from './contracts/quizzes';
import * as reassessments from './contracts/reassessments';
import * as remediation from './contracts/remediation';
import * as system from './contracts/system';
import * as taskers from './contracts/taskers';
import * as tracks from './contracts/tracks';
import type { RouteContract } from './contracts/shared';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The DynamoDB IAM actions a function may hold on a table (without the `dynamodb:` prefix). A
 * transaction is authorized per item: Put → PutItem, Update → UpdateItem, Delete → DeleteItem,
 * ConditionCheck → ConditionCheckItem, Get → GetItem. Scan, PartiQL and DescribeTable are never granted.
 */
export const TABLE_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

/** What one function does to one table: exactly these actions on the table, and Query on exactly these GSIs. */
export interface TableAccess {
  /** empty: the function learns the table's name (its composition root needs it) but may not touch it */
  actions: readonly TableAction[];
  /** GSIs it queries, by name (Query is the only action that applies to an index) */
  queryIndexes?: readonly string[];
}

export interface RouteDefinition {
  /** unique PascalCase id; names the Lambda function and its log group */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/placements/{id} */
  path: string;
  /** handler module relative to the repo root; it exports `handler` */
  entry: string;
  /** true: no JWT authorizer (health, OpenAPI document); derived from the contract's access. Roles are checked in the handler. */
  public: boolean;
  /**
   * the tables this function touches and exactly which actions it uses on each: IAM grants (infra) and
   * the local stack's IAM emulation (packages/local/src/iam) follow this, nothing more
   */
  tables?: Partial<Record<TableKey, TableAccess>>;
  /** publishes events itself with PutEvents: EVENT_BUS_NAME and events:PutEvents on the stage bus (no bus in the local stack) */
  publishesEvents?: boolean;
  /** reads the erasure's pseudonym key: the secret's ARN in its environment, read access to that secret alone (infra/lib/constructs/pseudonym-key.ts) */
  readsPseudonymKey?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** schemas and docs: the handler validates with them, OpenAPI is generated from them */
  contract: RouteContract;
  /** repo-relative directories copied next to the Lambda bundle (files the handler reads at run time) */
  bundleAssets?: readonly string[];
  /** AWS access beyond DynamoDB, granted by a named infra construct (analytics: Athena, Glue, S3 of the data prefix) */
  analytics?: boolean;
}

const route = (r: Omit<RouteDefinition, 'public'>): RouteDefinition => ({ ...r, public: r.contract.access === 'public' });

// Access shared by several routes, named after what the code does (packages/store is the only caller).
/** Powertools idempotency: reads its record, claims it (conditional Put), completes it (Update), deletes it when the command fails. */
const IDEMPOTENCY_RECORDS: TableAccess = { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] };
/** a published bank: blueprint pointer, blueprint and item parts by key (GetItem), snapshot parts (Query on the table) */
const PUBLISHED_BANK_READS: TableAccess = { actions: ['GetItem', 'Query'] };
/** a calibration run or the latest report's pointer by key (GetItem), report parts by Query on its partition */
const CALIBRATION_READS: TableAccess = { actions: ['GetItem', 'Query'] };
/** the per-caller request counters of a rate-limited route (docs/security.md, "Rate limits"): a conditional ADD */
const RATE_COUNTERS: TableAccess = { actions: ['UpdateItem'] };
/** a placement: session and attempts ledger by key (GetItem), written in transactions (Put), idle expiry updates the ledger (Update) */
const PLACEMENT_SESSION: TableAccess = { actions: ['GetItem', 'PutItem', 'UpdateItem'] };

export const ROUTES: RouteDefinition[] = [
  route({
    id: 'GetHealth',
    method: 'GET',
    path: '/v1/health',
    entry: 'functions/src/system/get-health.ts',
    contract: system.getHealth,
    // readiness: one GetItem of a key that never exists (packages/store database-probe.ts)
    tables: { idempotency: { actions: ['GetItem'] } },
  }),
  route({ id: 'GetOpenApi', method: 'GET', path: '/v1/openapi.json', entry: 'functions/src/system/get-openapi.ts', contract: system.getOpenApi }),
  route({ id: 'GetMe', method: 'GET', path: '/v1/me', entry: 'functions/src/system/get-me.ts', contract: system.getMe }),

  route({
    id: 'ImportItems',
    method: 'POST',
    path: '/v1/items/batch',
    entry: 'functions/src/catalog/import-items.ts',
    // stored versions by BatchGet, the error taxonomy by Query (its one partition), items written by conditional Puts in transactions
    tables: { bank: { actions: ['BatchGetItem', 'PutItem', 'Query'] } },
    timeoutSeconds: 29,
    memoryMb: 512,
    contract: catalog.importItems,
  }),
  route({
    id: 'PublishBlueprint',
    method: 'POST',
    path: '/v1/blueprints',
    entry: 'functions/src/catalog/publish-blueprint.ts',
    // latest version and stored blueprint by key, enemy groups, snapshot and track definitions by Query, items per
    // skill on gsi1, the new version written by Puts in one transaction
    tables: { bank: { actions: ['GetItem', 'Query', 'PutItem'], queryIndexes: ['gsi1'] } },
    timeoutSeconds: 29,
    memoryMb: 512,
    contract: catalog.publishBlueprint,
  }),

  route({
    id: 'ListBlueprints',
    method: 'GET',
    path: '/v1/blueprints',
    entry: 'functions/src/catalog/list-blueprints.ts',
    // every blueprint's LATEST row (with its summary) by one Query of gsi2 per page
    tables: { bank: { actions: [], queryIndexes: ['gsi2'] } },
    contract: catalog.listBlueprints,
  }),
  route({
    id: 'GetBlueprintInformation',
    method: 'GET',
    path: '/v1/blueprints/{id}/information',
    entry: 'functions/src/catalog/get-blueprint-information.ts',
    tables: { bank: PUBLISHED_BANK_READS },
    contract: catalog.getBlueprintInformation,
  }),
  route({
    id: 'StartPlacement',
    method: 'POST',
    path: '/v1/placements',
    entry: 'functions/src/placements/start-placement.ts',
    // idempotency: the Powertools records and the rate counters (UpdateItem is in both)
    tables: { bank: PUBLISHED_BANK_READS, sessions: PLACEMENT_SESSION, idempotency: IDEMPOTENCY_RECORDS },
    // a full vCPU share: the CAT step and the SDK are CPU-bound, and this is on the tasker's critical path
    memoryMb: 1024,
    contract: placements.startPlacement,
  }),
  route({
    id: 'GetPlacementItem',
    method: 'GET',
    path: '/v1/placements/{id}/item',
    entry: 'functions/src/placements/get-placement-item.ts',
    tables: { bank: PUBLISHED_BANK_READS, sessions: PLACEMENT_SESSION },
    contract: placements.getPlacementItem,
  }),
  route({
    id: 'SubmitPlacementResponse',
    method: 'POST',
    path: '/v1/placements/{id}/responses',
    entry: 'functions/src/placements/submit-placement-response.ts',
    // idempotent through the session itself (the key is written with the answer); a late retry of an older answer
    // is found by a Query of that placement's responses. Completion: proficiency, history, track and the outbox event
    // are Puts in the session's transaction
    tables: {
      bank: PUBLISHED_BANK_READS,
      sessions: { actions: [...PLACEMENT_SESSION.actions, 'Query'] },
      // + GetItem: after completion, a course exit's enrollment and a firing rule's move (PROFILE, request key; the
      // rules and track definitions are bank reads), docs/remediation.md
      taskers: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      idempotency: RATE_COUNTERS,
    },
    memoryMb: 1024,
    contract: placements.submitPlacementResponse,
  }),
  route({
    id: 'GetPlacement',
    method: 'GET',
    path: '/v1/placements/{id}',
    entry: 'functions/src/placements/get-placement.ts',
    // the view is built from the session alone; bank is listed only because the placement composition root
    // (functions/src/wiring.ts) builds the catalog store eagerly and needs its name
    tables: { bank: { actions: [] }, sessions: PLACEMENT_SESSION },
    contract: placements.getPlacement,
  }),
  route({
    id: 'ListTaskerPlacements',
    method: 'GET',
    path: '/v1/taskers/{id}/placements',
    entry: 'functions/src/placements/list-tasker-placements.ts',
    // the tasker's placements by Query on the sessions' gsi1 (TASKER#<id>, PLACEMENT#…); bank named for the composition root only
    tables: { bank: { actions: [] }, sessions: { actions: [], queryIndexes: ['gsi1'] } },
    contract: placements.listTaskerPlacements,
  }),
  // practice quizzes (docs/quizzes.md): candidates by Query on the bank's practice index (gsi2), content and key by
  // key; the session and its responses in transactions (Put); proficiency by key, seen items by Query, seen records
  // and, on completion, the PROFILE Update and a HISTORY Put on taskers
  route({
    id: 'StartQuiz',
    method: 'POST',
    path: '/v1/quizzes',
    entry: 'functions/src/quizzes/start-quiz.ts',
    // taskers GetItem also reads the enrollment of a quiz in a course
    tables: { bank: { actions: ['GetItem'], queryIndexes: ['gsi2'] }, sessions: { actions: ['PutItem'] }, taskers: { actions: ['GetItem', 'Query', 'PutItem'] }, idempotency: RATE_COUNTERS },
    contract: quizzes.startQuiz,
  }),
  route({
    id: 'SubmitQuizResponse',
    method: 'POST',
    path: '/v1/quizzes/{id}/responses',
    entry: 'functions/src/quizzes/submit-quiz-response.ts',
    tables: {
      // + Query: after completion, the remediation rules and track definitions (a module's course by key)
      bank: { actions: ['GetItem', 'Query'], queryIndexes: ['gsi2'] },
      // + UpdateItem: a completed course's exit re-assessment scheduled on the tasker's placement slot
      // + Query: an error-tag-rate rule reads the tasker's sessions (gsi1) and their answers
      sessions: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], queryIndexes: ['gsi1'] },
      // GetItem: the stored proficiency again when it changed while the quiz was open
      taskers: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] },
      idempotency: RATE_COUNTERS,
    },
    contract: quizzes.submitQuizResponse,
  }),
  route({
    id: 'GetQuiz',
    method: 'GET',
    path: '/v1/quizzes/{id}',
    entry: 'functions/src/quizzes/get-quiz.ts',
    // the session by key, the content of the item on screen by key
    tables: { bank: { actions: ['GetItem'] }, sessions: { actions: ['GetItem'] }, taskers: { actions: [] } },
    contract: quizzes.getQuiz,
  }),
  route({
    id: 'PutErrorTag',
    method: 'PUT',
    path: '/v1/error-tags/{slug}',
    entry: 'functions/src/taxonomy/put-error-tag.ts',
    // one conditional Put (on the version read)
    tables: { bank: { actions: ['PutItem'] } },
    contract: errorTags.putErrorTag,
  }),
  route({
    id: 'ListErrorTags',
    method: 'GET',
    path: '/v1/error-tags',
    entry: 'functions/src/taxonomy/list-error-tags.ts',
    // the taxonomy's one partition
    tables: { bank: { actions: ['Query'] } },
    contract: errorTags.listErrorTags,
  }),
  // track definitions (docs/tracks.md, "Track definitions"): the bank table's TRACKDEFS partition
  route({
    id: 'PutTrackDefinition',
    method: 'PUT',
    path: '/v1/tracks/{id}',
    entry: 'functions/src/tracks/put-track-definition.ts',
    // the current version by key, then one transaction: the CUR# pointer Put (conditional on the version read) and the V# Put
    tables: { bank: { actions: ['GetItem', 'PutItem'] } },
    contract: tracks.putTrackDefinition,
  }),
  route({
    id: 'ListTrackDefinitions',
    method: 'GET',
    path: '/v1/tracks',
    entry: 'functions/src/tracks/list-track-definitions.ts',
    // the CUR# rows of the one partition
    tables: { bank: { actions: ['Query'] } },
    contract: tracks.listTrackDefinitions,
  }),
  route({
    id: 'GetTrackDefinition',
    method: 'GET',
    path: '/v1/tracks/{id}',
    entry: 'functions/src/tracks/get-track-definition.ts',
    // the current or one version's row by key
    tables: { bank: { actions: ['GetItem'] } },
    contract: tracks.getTrackDefinition,
  }),
  // courses and enrollments (docs/courses.md): definitions in the bank table's COURSE#<id> partitions, enrollments
  // on the tasker's partition of the taskers table (ENROLL#<courseId>)
  route({
    id: 'ListCourses',
    method: 'GET',
    path: '/v1/courses',
    entry: 'functions/src/courses/list-courses.ts',
    // every course's CUR row by one Query of gsi2 per page
    tables: { bank: { actions: [], queryIndexes: ['gsi2'] } },
    contract: courses.listCourses,
  }),
  route({
    id: 'PutCourse',
    method: 'PUT',
    path: '/v1/courses/{id}',
    entry: 'functions/src/courses/put-course.ts',
    // the current version by key, then one transaction: the CUR pointer Put (conditional on the version read) and the V# Put
    tables: { bank: { actions: ['GetItem', 'PutItem'] } },
    contract: courses.putCourse,
  }),
  route({
    id: 'GetCourse',
    method: 'GET',
    path: '/v1/courses/{id}',
    entry: 'functions/src/courses/get-course.ts',
    // the course (current or a version) by key; a tasker's enrollment by key
    tables: { bank: { actions: ['GetItem'] }, taskers: { actions: ['GetItem'] } },
    contract: courses.getCourse,
  }),
  route({
    id: 'EnrollTasker',
    method: 'POST',
    path: '/v1/taskers/{id}/enrollments',
    entry: 'functions/src/courses/enroll-tasker.ts',
    // the enrollment and the course by key, then the enrollment's conditional Put
    tables: { bank: { actions: ['GetItem'] }, taskers: { actions: ['GetItem', 'PutItem'] } },
    contract: courses.enrollTasker,
  }),
  route({
    id: 'ListTaskerEnrollments',
    method: 'GET',
    path: '/v1/taskers/{id}/enrollments',
    entry: 'functions/src/courses/list-enrollments.ts',
    // the ENROLL# rows of the tasker's partition
    tables: { taskers: { actions: ['Query'] } },
    contract: courses.listEnrollments,
  }),
  route({
    id: 'ListTaskers',
    method: 'GET',
    path: '/v1/taskers',
    entry: 'functions/src/taskers/list-taskers.ts',
    // one track partition of the PROFILE rows' sparse gsi1, page by page (docs/tracks.md, "Listing taskers")
    tables: { taskers: { actions: [], queryIndexes: ['gsi1'] } },
    contract: taskers.listTaskers,
  }),
  route({
    id: 'GetTasker',
    method: 'GET',
    path: '/v1/taskers/{id}',
    entry: 'functions/src/taskers/get-tasker.ts',
    // profile, skills and history: three Queries on the tasker's partition
    tables: { taskers: { actions: ['Query'] } },
    contract: taskers.getTasker,
  }),
  // track moves (docs/tracks.md): PROFILE and the request-key row by key, then one transaction: the PROFILE Update
  // (conditional on the track read) and Puts of the audit row, the key row and the outbox event
  route({
    id: 'MoveTaskerTrack',
    method: 'POST',
    path: '/v1/taskers/{id}/track',
    entry: 'functions/src/tracks/move-tasker-track.ts',
    // + the track definitions (bank): the target's by key, the list by one Query when it is absent
    tables: { taskers: { actions: ['GetItem', 'UpdateItem', 'PutItem'] }, bank: { actions: ['GetItem', 'Query'] } },
    contract: tracks.moveTaskerTrack,
  }),
  // scheduled re-assessments (docs/tracks.md, "Scheduling a re-assessment"): on the tasker's placement slot
  route({
    id: 'ScheduleReassessment',
    method: 'PUT',
    path: '/v1/taskers/{id}/reassessment',
    entry: 'functions/src/taskers/schedule-reassessment.ts',
    // the blueprint's LATEST by key; the slot's Update (creating it when the tasker never started a placement)
    tables: { bank: { actions: ['GetItem'] }, sessions: { actions: ['UpdateItem'] } },
    contract: reassessments.scheduleReassessment,
  }),
  route({
    id: 'CancelReassessment',
    method: 'DELETE',
    path: '/v1/taskers/{id}/reassessment',
    entry: 'functions/src/taskers/cancel-reassessment.ts',
    // the slot's Update, conditional on a schedule being there
    tables: { sessions: { actions: ['UpdateItem'] } },
    contract: reassessments.cancelReassessment,
  }),
  // erasure (docs/security.md, "Privacy"): everything found by key or Query, never a Scan
  route({
    id: 'EraseTasker',
    method: 'DELETE',
    path: '/v1/taskers/{id}',
    entry: 'functions/src/taskers/erase-tasker.ts',
    // taskers: the ERASURE marker by key (GetItem), Put at a round's start, Update of its progress; the tasker's partition
    // by Query; the running bulk reroutes by Query of gsi1; transactions of Deletes, with the audit rows' anonymous copies
    // as Puts; the completion as one transaction of Puts (marker, pseudonym PROFILE, erasure audit row). sessions: the
    // tasker's sessions by Query of gsi1, each session's rows and the slot/ledger partition by Query, transactions of
    // Deletes. idempotency: the live rate counters, Deletes by key in those transactions
    tables: {
      taskers: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], queryIndexes: ['gsi1'] },
      sessions: { actions: ['Query', 'DeleteItem'], queryIndexes: ['gsi1'] },
      idempotency: { actions: ['DeleteItem'] },
    },
    // tasker.erased, published directly before the completion commits (an outbox row would keep the id)
    publishesEvents: true,
    readsPseudonymKey: true,
    timeoutSeconds: 29,
    contract: taskers.eraseTasker,
  }),
  // automatic remediation (docs/remediation.md): rules in the bank table, quality signals on the tasker
  route({
    id: 'PutRemediationRule',
    method: 'PUT',
    path: '/v1/remediation-rules/{id}',
    entry: 'functions/src/remediation/put-remediation-rule.ts',
    // the current version by key, then one transaction: the CUR# pointer Put (conditional on the version read) and the V# Put
    tables: { bank: { actions: ['GetItem', 'PutItem'] } },
    contract: remediation.putRemediationRule,
  }),
  route({
    id: 'ListRemediationRules',
    method: 'GET',
    path: '/v1/remediation-rules',
    entry: 'functions/src/remediation/list-remediation-rules.ts',
    // the CUR# rows of the one partition
    tables: { bank: { actions: ['Query'] } },
    contract: remediation.listRemediationRules,
  }),
  route({
    id: 'PostQualitySignal',
    method: 'POST',
    path: '/v1/taskers/{id}/quality-signals',
    entry: 'functions/src/remediation/post-quality-signal.ts',
    // the PROFILE by key; the signal + key row Puts (one transaction; the key row by key on a retry); the rules by one
    // Query (bank); the skill's recent signals by Query; a firing rule's move as MoveTaskerTrack does it; its course by
    // key (bank) and the enrollment's conditional Put (taskers)
    tables: { taskers: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] }, bank: { actions: ['GetItem', 'Query'] } },
    contract: remediation.postQualitySignal,
  }),
  route({
    id: 'ListQualitySignals',
    method: 'GET',
    path: '/v1/taskers/{id}/quality-signals',
    entry: 'functions/src/remediation/list-quality-signals.ts',
    // the PROFILE by key (unknown tasker → 404), the QUALITY# rows by one Query
    tables: { taskers: { actions: ['GetItem', 'Query'] } },
    contract: remediation.listQualitySignals,
  }),
  // bulk reroutes (docs/tracks.md, "Bulk reroute"): the job (functions/jobs.ts RunBulkReroutes) does the work
  route({
    id: 'CreateBulkReroute',
    method: 'POST',
    path: '/v1/bulk-reroutes',
    entry: 'functions/src/bulk-reroutes/create-bulk-reroute.ts',
    // the job state by a conditional Put; on a retry the existing state by key
    tables: { taskers: { actions: ['GetItem', 'PutItem'] } },
    contract: bulkReroutes.createBulkReroute,
  }),
  route({
    id: 'GetBulkReroute',
    method: 'GET',
    path: '/v1/bulk-reroutes/{id}',
    entry: 'functions/src/bulk-reroutes/get-bulk-reroute.ts',
    // the state by key, a page of candidates by Query on the job's partition
    tables: { taskers: { actions: ['GetItem', 'Query'] } },
    contract: bulkReroutes.getBulkReroute,
  }),
  route({
    id: 'ApplyBulkReroute',
    method: 'POST',
    path: '/v1/bulk-reroutes/{id}/apply',
    entry: 'functions/src/bulk-reroutes/apply-bulk-reroute.ts',
    // the state by key, then its Put conditional on the version read
    tables: { taskers: { actions: ['GetItem', 'PutItem'] } },
    contract: bulkReroutes.applyBulkReroute,
  }),
  route({
    id: 'ListTaskerAudit',
    method: 'GET',
    path: '/v1/taskers/{id}/audit',
    entry: 'functions/src/tracks/list-tasker-audit.ts',
    // the PROFILE by key (unknown tasker → 404), the TRACK# rows by one Query
    tables: { taskers: { actions: ['GetItem', 'Query'] } },
    contract: tracks.listTaskerAudit,
  }),
  // calibration (docs/calibration.md, "The calibration service"): runs, reports and approved bank versions in the bank
  // table; the job (functions/jobs.ts RunCalibrations) does the work
  route({
    id: 'ListCalibrations',
    method: 'GET',
    path: '/v1/calibrations',
    entry: 'functions/src/calibrations/list-calibrations.ts',
    // every run by one Query of gsi2 per page
    tables: { bank: { actions: [], queryIndexes: ['gsi2'] } },
    contract: calibrations.listCalibrations,
  }),
  route({
    id: 'RequestCalibration',
    method: 'POST',
    path: '/v1/calibrations',
    entry: 'functions/src/calibrations/request-calibration.ts',
    // the blueprint's latest version by key, the queued run by a conditional Put
    tables: { bank: { actions: ['GetItem', 'PutItem'] }, idempotency: IDEMPOTENCY_RECORDS },
    contract: calibrations.requestCalibration,
  }),
  route({
    id: 'GetCalibration',
    method: 'GET',
    path: '/v1/calibrations/{id}',
    entry: 'functions/src/calibrations/get-calibration.ts',
    // the run by key, its report parts by Query on the run's partition
    tables: { bank: CALIBRATION_READS },
    contract: calibrations.getCalibration,
  }),
  route({
    id: 'ApproveCalibration',
    method: 'POST',
    path: '/v1/calibrations/{id}/approve',
    entry: 'functions/src/calibrations/approve-calibration.ts',
    // run, report and bank version read as above; one transaction: run + bank version pointer and audit record (Put),
    // each changed item's parameters (Update conditional on the version the run read)
    tables: { bank: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] } },
    contract: calibrations.approveCalibration,
  }),
  route({
    id: 'GetItemHealth',
    method: 'GET',
    path: '/v1/items/{id}/health',
    entry: 'functions/src/calibrations/get-item-health.ts',
    // the latest report's pointer by key, its parts by Query
    tables: { bank: CALIBRATION_READS },
    contract: calibrations.getItemHealth,
  }),
  route({
    id: 'ListItemHealth',
    method: 'GET',
    path: '/v1/items/health',
    entry: 'functions/src/calibrations/list-item-health.ts',
    tables: { bank: CALIBRATION_READS },
    contract: calibrations.listItemHealth,
  }),
  // training insights (docs/insights.md): no DynamoDB at all. One SQL text run by Athena over the analytics bucket
  // (infra/lib/constructs/analytics.ts grants Athena in its workgroup, Glue reads of its tables, S3 reads of the data
  // prefix); locally DuckDB over the Parquet dataset
  route({
    id: 'GetInsightErrors',
    method: 'GET',
    path: '/v1/insights/errors',
    entry: 'functions/src/insights/get-insight-errors.ts',
    tables: {},
    analytics: true,
    bundleAssets: ['packages/insights/sql'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    contract: insights.getInsightErrors,
  }),
  route({
    id: 'GetInsightCourse',
    method: 'GET',
    path: '/v1/insights/courses/{id}',
    entry: 'functions/src/insights/get-insight-course.ts',
    // the course definition by key (404, its variants and skills); the outcomes from the analytics tables
    tables: { bank: { actions: ['GetItem'] } },
    analytics: true,
    bundleAssets: ['packages/insights/sql'],
    timeoutSeconds: 29,
    memoryMb: 1024,
    contract: insights.getInsightCourse,
  }),
];
