// Composition root: builds the domain's dependencies from the environment, once per container.
// Each function gets only the tables its route lists (infra grants exactly those).
import { randomUUID } from 'node:crypto';
import { ItemReader, PublishedBankCache, type CalibrationDeps, type CalibrationRunList, type CalibrationJobDeps, type PlacementDeps, type QuizDeps } from '@theta/assessment';
import { DynamoCalibrationStore, DynamoCatalogStore, DynamoResponseLogStore, DynamoPlacementStore, DynamoQuizStore, DynamoTaskerStore, DynamoTaxonomyStore, documentClient, tableEnvVar, tableName } from '@theta/store';

import { DynamoPlacementProfileReader, DynamoRateLimiter } from '@theta/store';
import { DynamoBulkRerouteStore, DynamoQualitySignalStore, DynamoRecentResponseReader, DynamoRemediationRuleStore, DynamoTaskerDirectory, DynamoTrackStore } from '@theta/store';
import { DynamoCourseStore, DynamoEnrollmentStore } from '@theta/store';
import type { BulkRerouteDeps, BulkRerouteJobDeps, ListQualitySignalsDeps, MoveTrackDeps, QualitySignalDeps, ScheduleReassessmentDeps } from '@theta/assessment';

const optionalTable = (key: 'taskers'): string | undefined => process.env[tableEnvVar(key)];

export function catalogStore(): DynamoCatalogStore {
  return new DynamoCatalogStore(documentClient(), tableName('bank'));
}

export function taskerStore(): DynamoTaskerStore {
  return new DynamoTaskerStore(documentClient(), tableName('taskers'));
}

/** scheduled re-assessments: the tasker's placement slot (sessions), the blueprint's latest version (bank) */
export function reassessmentDeps(): ScheduleReassessmentDeps {
  return { placements: reassessmentSlots(), blueprints: catalogStore(), now: () => new Date() };
}

/** cancelling one: the slot only (sessions) */
export function reassessmentSlots(): DynamoPlacementStore {
  return new DynamoPlacementStore(documentClient(), { sessions: tableName('sessions') });
}

/** remediation rules (bank table, docs/remediation.md) */
export function remediationRuleStore(): DynamoRemediationRuleStore {
  return new DynamoRemediationRuleStore(documentClient(), tableName('bank'));
}

/** a quality signal: stored on the tasker (taskers), the rules read (bank), a firing rule's move as trackDeps does it and its enrolment */
export function qualitySignalDeps(): QualitySignalDeps {
  return {
    ...trackDeps(),
    signals: new DynamoQualitySignalStore(documentClient(), tableName('taskers')),
    rules: remediationRuleStore(),
    // a firing rule's course (bank) and the enrolment in it (taskers)
    courses: new DynamoCourseStore(documentClient(), tableName('bank')),
    enrollments: new DynamoEnrollmentStore(documentClient(), tableName('taskers')),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

/** ops' list of taskers by track (the taskers table's gsi1) */
export function taskerDirectory(): DynamoTaskerDirectory {
  return new DynamoTaskerDirectory(documentClient(), tableName('taskers'));
}

/** bulk reroutes (docs/tracks.md, "Bulk reroute"): the job state and candidates on the taskers table */
export function bulkRerouteDeps(): BulkRerouteDeps {
  return { bulk: new DynamoBulkRerouteStore(documentClient(), tableName('taskers')) };
}

/** the bulk reroute job: the tasker list to preview, the one-tasker move to apply */
export function bulkRerouteJobDeps(): BulkRerouteJobDeps {
  return {
    ...bulkRerouteDeps(),
    ...trackDeps(),
    directory: taskerDirectory(),
    signals: new DynamoQualitySignalStore(documentClient(), tableName('taskers')),
    // error-tag-rate: the taskers' answers (sessions)
    responses: new DynamoRecentResponseReader(documentClient(), tableName('sessions')),
  };
}

/** track moves and the track audit (docs/tracks.md): the taskers table only */
/** GET /v1/taskers/{id}/quality-signals: the signals, and the tasker's profile for the 404 */
export function qualitySignalReadDeps(): ListQualitySignalsDeps {
  return { signals: new DynamoQualitySignalStore(documentClient(), tableName('taskers')), taskers: new DynamoTrackStore(documentClient(), tableName('taskers')) };
}

export function trackDeps(): MoveTrackDeps & { tracks: DynamoTrackStore } {
  return { tracks: new DynamoTrackStore(documentClient(), tableName('taskers')), now: () => new Date(), newId: () => randomUUID() };
}

export function placementDeps(): PlacementDeps {
  const catalog = catalogStore();
  const taskers = optionalTable('taskers');
  return {
    placements: new DynamoPlacementStore(documentClient(), { sessions: tableName('sessions'), ...(taskers ? { taskers } : {}) }),
    banks: new PublishedBankCache(catalog),
    items: new ItemReader(catalog),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

export function taxonomyStore(): DynamoTaxonomyStore {
  return new DynamoTaxonomyStore(documentClient(), tableName('bank'));
}

export function quizDeps(): QuizDeps {
  const catalog = catalogStore();
  return {
    quizzes: new DynamoQuizStore(documentClient(), { bank: tableName('bank'), sessions: tableName('sessions'), taskers: tableName('taskers') }),
    items: catalog,
    taxonomy: taxonomyStore(),
    // a quiz in a course: the tasker's enrollment by key (taskers table)
    enrollments: new DynamoEnrollmentStore(documentClient(), tableName('taskers')),
    now: () => new Date(),
    newId: () => randomUUID(),
    random: Math.random,
  };
}

/** GET /v1/calibrations: the runs' list (no use case: a page of stored runs, nothing to decide) */
export function calibrationRunList(): CalibrationRunList {
  return new DynamoCalibrationStore(documentClient(), tableName('bank'));
}

export function calibrationDeps(): CalibrationDeps {
  const catalog = catalogStore();
  const calibrations = new DynamoCalibrationStore(documentClient(), tableName('bank'));
  return {
    calibrations,
    catalog: {
      getCalibrationItems: (ids) => calibrations.getCalibrationItems(ids),
      latestBlueprintVersion: (id) => catalog.latestBlueprintVersion(id),
      getBlueprint: (id, version) => catalog.getBlueprint(id, version),
    },
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

/** The calibration job also reads the response log (the sessions table's day index). */
export function calibrationJobDeps(): CalibrationJobDeps {
  return {
    ...calibrationDeps(),
    responses: new DynamoResponseLogStore(documentClient(), { sessions: tableName('sessions') }),
    profiles: new DynamoPlacementProfileReader(documentClient(), tableName('sessions')),
  };
}

/** per-caller request counters of the rate-limited routes (docs/security.md, "Rate limits"): the idempotency table */
export function rateLimiter(): DynamoRateLimiter {
  return new DynamoRateLimiter(documentClient(), tableName('idempotency'));
}
