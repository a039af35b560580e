// Composition root: builds the domain's dependencies from the environment, once per container.
// Each function gets only the tables its route lists (infra grants exactly those).
import { randomUUID } from 'node:crypto';
import { ItemReader, PublishedBankCache, type PlacementDeps, type QuizDeps } from '@theta/assessment';
import { DynamoCatalogStore, DynamoPlacementStore, DynamoQuizStore, DynamoTaskerStore, DynamoTaxonomyStore, documentClient, tableEnvVar, tableName } from '@theta/store';

const optionalTable = (key: 'taskers'): string | undefined => process.env[tableEnvVar(key)];

export function catalogStore(): DynamoCatalogStore {
  return new DynamoCatalogStore(documentClient(), tableName('bank'));
}

export function taskerStore(): DynamoTaskerStore {
  return new DynamoTaskerStore(documentClient(), tableName('taskers'));
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
