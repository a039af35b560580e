import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENROLLMENT_CHANGED, courseSummary, type Course, type CourseList, type CourseStore, type CourseSummaryPage, type DomainEvent, type Enrollment, type EnrollmentStore } from '@theta/assessment';
import { atVersion, conditionally, isLostRace } from '../conditional';
import { keys } from '../keys';
import { listedPage } from '../listed-page';
import { queryAll } from '../query-all';

const strip = <T>(row: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, entity: _e, gsi2pk: _g, gsi2sk: _s, ...rest } = row;
  return rest as unknown as T;
};

const COURSE_LIST = { list: keys.courseListed('', '').gsi2pk, pkPrefix: 'COURSE#', sk: 'CUR', what: 'the course list' };

/**
 * Course definitions in the bank table, partition `COURSE#<id>`: an immutable `V#<version>` row per version and a
 * `CUR` row holding the current version in full, both written in one conditional transaction. The CUR row is on gsi2
 * (`COURSES`, sorted by its change time): the course list.
 */
export class DynamoCourseStore implements CourseStore, CourseList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getCourse(id: string, version?: number): Promise<Course | undefined> {
    const Key = version === undefined ? keys.courseCurrent(id) : keys.courseVersion(id, version);
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
    return out.Item ? strip<Course>(out.Item) : undefined;
  }

  /** One page of every course's current version, newest change first: one Query of gsi2. */
  async listCourses(limit: number, cursor?: string): Promise<CourseSummaryPage> {
    const page = await listedPage(this.db, this.table, COURSE_LIST, limit, cursor);
    return { courses: page.items.map((row) => courseSummary(strip<Course>(row))), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async putCourse(course: Course): Promise<void> {
    await conditionally(
      () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              // the pointer moves only from the version the writer read; its gsi2 sort key moves with it (the list)
              {
                Put: {
                  TableName: this.table,
                  Item: { ...keys.courseCurrent(course.id), ...keys.courseListed(course.updatedAt, course.id), entity: 'course-current', ...course },
                  ...atVersion(course.version > 1 ? course.version - 1 : undefined),
                },
              },
              // versions are immutable: never overwritten
              { Put: { TableName: this.table, Item: { ...keys.courseVersion(course.id, course.version), entity: 'course-version', ...course }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        ),
      'course_changed',
      `course '${course.id}' changed since it was read`,
    );
  }
}

/** an outbox row (docs/data-model.md, "Events"): written once, in the transaction of the write it reports */
const eventPut = (table: string, event: DomainEvent) => ({
  Put: { TableName: table, Item: { ...keys.taskerEvent(event.taskerId, event.at, event.id), entity: 'event', ...event }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Enrollments on the tasker's partition of the taskers table: `ENROLL#<courseId>`, written once, with their events. */
export class DynamoEnrollmentStore implements EnrollmentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getEnrollment(taskerId: string, courseId: string): Promise<Enrollment | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.taskerEnrollment(taskerId, courseId), ConsistentRead: true }));
    return out.Item ? strip<Enrollment>(out.Item) : undefined;
  }

  async listEnrollments(taskerId: string): Promise<Enrollment[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': keys.tasker(taskerId).pk, ':e': 'ENROLL#' },
      ConsistentRead: true,
    });
    return rows.map((r) => strip<Enrollment>(r));
  }

  async putEnrollment(enrollment: Enrollment, event: DomainEvent): Promise<{ enrollment: Enrollment; created: boolean }> {
    const Key = keys.taskerEnrollment(enrollment.taskerId, enrollment.courseId);
    try {
      // two concurrent enrolments: one transaction wins, the other (and its event) writes nothing and reads the winner
      // (same variant either way: the hash)
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: this.table, Item: { ...Key, entity: 'enrollment', ...enrollment }, ConditionExpression: 'attribute_not_exists(pk)' } }, eventPut(this.table, event)],
        }),
      );
      return { enrollment, created: true };
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const stored = await this.getEnrollment(enrollment.taskerId, enrollment.courseId);
      if (!stored) throw error;
      return { enrollment: stored, created: false };
    }
  }

  async updateEnrollment(enrollment: Enrollment, expectedVersion: number, event?: DomainEvent): Promise<void> {
    // progress written by two finishing quizzes at once: the second loses here, re-reads and re-applies its quiz
    const condition =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
    const put = { TableName: this.table, Item: { ...keys.taskerEnrollment(enrollment.taskerId, enrollment.courseId), entity: 'enrollment', ...enrollment }, ...condition };
    await conditionally(
      async () => {
        if (event) await this.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, eventPut(this.table, event)] }));
        else await this.db.send(new PutCommand(put));
      },
      ENROLLMENT_CHANGED,
      `the enrollment of '${enrollment.taskerId}' in '${enrollment.courseId}' changed since it was read`,
    );
  }
}
