// Composition root: builds the domain's dependencies from the environment, once per container.
// Each function gets only the tables its route lists (infra grants exactly those).
import { randomUUID } from 'node:crypto';
import { ItemReader, PublishedBankCache, type CalibrationDeps, type CalibrationJobDeps, type PlacementDeps, type QuizDeps } from '@theta/assessment';
import { DynamoCalibrationStore, DynamoCatalogStore, DynamoResponseLogStore, DynamoPlacementStore, DynamoQuizStore, DynamoTaskerStore, DynamoTaxonomyStore, documentClient, tableEnvVar, tableName } from '@theta/store';

import { DynamoTaskerDirectory, DynamoTrackStore } from '@theta/store';
import type { MoveTrackDeps } from '@theta/assessment';

const optionalTable = (key: 'taskers'): string | undefined => process.env[tableEnvVar(key)];

export function catalogStore(): DynamoCatalogStore {
  return new DynamoCatalogStore(documentClient(), tableName('bank'));
}

export function taskerStore(): DynamoTaskerStore {
  return new DynamoTaskerStore(documentClient(), tableName('taskers'));
}

/** ops' list of taskers by track (the taskers table's gsi1) */
export function taskerDirectory(): DynamoTaskerDirectory {
  return new DynamoTaskerDirectory(documentClient(), tableName('taskers'));
}

/** track moves and the track audit (docs/tracks.md): the taskers table only */
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
    now: () => new Date(),
    newId: () => randomUUID(),
    random: Math.random,
  };
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
  return { ...calibrationDeps(), responses: new DynamoResponseLogStore(documentClient(), { sessions: tableName('sessions') }) };
}
