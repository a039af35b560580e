import { DynamoCourseStore, DynamoEnrollmentStore, documentClient, tableName } from '@theta/store';

/** course definitions (docs/courses.md): the bank table */
export function courseStore(): DynamoCourseStore {
  return new DynamoCourseStore(documentClient(), tableName('bank'));
}

/** enrollments (docs/courses.md): the tasker's partition of the taskers table */
export function enrollmentStore(): DynamoEnrollmentStore {
  return new DynamoEnrollmentStore(documentClient(), tableName('taskers'));
}
