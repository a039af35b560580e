// Enrolling a tasker in a course: the variant is assigned once (seeded hash) and recorded with the course version,
// so every later response of the course carries the same variant even if the weights change.
import { randomUUID } from 'node:crypto';
import { UnprocessableError } from '../errors';
import type { DomainEvent } from '../placement/types';
import { assignVariant } from './assign-variant';
import type { CourseStore } from './course-put';
import { enrolledEvent } from './enrollment-events';

/** One module's progress: every counted quiz, and whether (and when first) its pass rule held. */
export interface ModuleProgress {
  attempts: number;
  passed: boolean;
  passedAt?: string;
  /** the quizzes counted (a retried completion counts once) */
  quizIds: string[];
  /** the newest attempt's numbers, in words */
  last: { quizId: string; passed: boolean; why: string; at: string };
}

/** The course's exit re-assessment: scheduled when every module passed, then its outcome. */
export interface CourseExit {
  blueprintId: string;
  scheduledAt?: string;
  /** set when scheduling failed (e.g. the blueprint is not published): ops schedule it by hand */
  problem?: string;
  placementId?: string;
  outcome?: 'passed' | 'failed';
  reason?: string;
  decidedAt?: string;
  /** the move that returned the tasker (passed) or kept them on the remedial track (failed) */
  moveId?: string;
}

export interface Enrollment {
  /** the enrolment's identity in its events (absent on enrolments written before the events) */
  id?: string;
  taskerId: string;
  courseId: string;
  variant: string;
  courseVersion: number;
  enrolledAt: string;
  /** the token subject who enrolled the tasker, or `rule:<id>@<version>` for a remediation rule */
  enrolledBy: string;
  /** the track a rule moved the tasker from: where passing the exit re-assessment returns them */
  returnTrack?: string;
  /** the remedial track a rule moved the tasker to: its definition's exit rules judge the exit re-assessment */
  remedialTrack?: string;
  /** absent on enrolments written before progress was kept: in-progress */
  status?: 'in-progress' | 'completed';
  completedAt?: string;
  modules?: Record<string, ModuleProgress>;
  exit?: CourseExit;
  /** bumped by every progress write, which is conditional on it (absent: 0) */
  version?: number;
}

/** Storage of enrollments (the tasker's partition). Only packages/store implements it. */
export interface EnrollmentStore {
  getEnrollment(taskerId: string, courseId: string): Promise<Enrollment | undefined>;
  /** every enrollment of the tasker (one Query of its partition) */
  listEnrollments(taskerId: string): Promise<Enrollment[]>;
  /**
   * writes the enrollment and its `tasker.enrolled` outbox event in one transaction iff no enrollment exists;
   * returns the stored one (the new one, or the one that was there: then neither is written)
   */
  putEnrollment(enrollment: Enrollment, event: DomainEvent): Promise<{ enrollment: Enrollment; created: boolean }>;
  /**
   * replaces the enrollment iff its stored version is still `expectedVersion`, with `event` (an outbox row) in the same
   * transaction when given; else ConflictError ENROLLMENT_CHANGED and nothing written
   */
  updateEnrollment(enrollment: Enrollment, expectedVersion: number, event?: DomainEvent): Promise<void>;
}

/** `rule:<id>@<version>`: how a remediation rule signs what it does (the track's assignedBy, the enrolment's enrolledBy). */
export const ruleSignature = (rule: { id: string; version: number }): string => `rule:${rule.id}@${rule.version}`;

/** Parses a rule signature back; undefined for anything else (a person's sub). */
export function parseRuleSignature(by: string): { ruleId: string; version: number } | undefined {
  const m = /^rule:([a-z0-9-]+)@(\d+)$/.exec(by);
  return m ? { ruleId: m[1]!, version: Number(m[2]) } : undefined;
}

export const COURSE_NOT_FOUND = 'course_not_found';
export const NOT_ENROLLED = 'not_enrolled';
export const ENROLLMENT_CHANGED = 'enrollment_changed';

export interface EnrollInput {
  taskerId: string;
  courseId: string;
  by: string;
  now: Date;
  /** a rule's enrolment: where the tasker came from and the remedial track they were moved to */
  returnTrack?: string;
  remedialTrack?: string;
}

/** Enrols once: a second call (a retry, another ops) returns the stored enrollment, same variant, and writes nothing. */
export async function enrollTasker(
  deps: { courses: Pick<CourseStore, 'getCourse'>; enrollments: EnrollmentStore; newId?: () => string },
  input: EnrollInput,
): Promise<{ enrollment: Enrollment; created: boolean }> {
  const existing = await deps.enrollments.getEnrollment(input.taskerId, input.courseId);
  if (existing) return { enrollment: existing, created: false };
  const course = await deps.courses.getCourse(input.courseId);
  if (!course) throw new UnprocessableError(COURSE_NOT_FOUND, `no course '${input.courseId}' (PUT /v1/courses/${input.courseId})`, { field: 'body.courseId' });
  const newId = deps.newId ?? randomUUID;
  const enrollment: Enrollment = {
    id: newId(),
    taskerId: input.taskerId,
    courseId: course.id,
    variant: assignVariant(course.id, input.taskerId, course.variants),
    courseVersion: course.version,
    enrolledAt: input.now.toISOString(),
    enrolledBy: input.by,
    ...(input.returnTrack ? { returnTrack: input.returnTrack } : {}),
    ...(input.remedialTrack ? { remedialTrack: input.remedialTrack } : {}),
    status: 'in-progress',
    modules: {},
    version: 1,
  };
  return deps.enrollments.putEnrollment(enrollment, enrolledEvent(enrollment, newId()));
}

/** The enrollment a quiz in a course needs; UnprocessableError `not_enrolled` naming body.courseId otherwise. */
export async function requireEnrollment(enrollments: Pick<EnrollmentStore, 'getEnrollment'>, taskerId: string, courseId: string): Promise<Enrollment> {
  const enrollment = await enrollments.getEnrollment(taskerId, courseId);
  if (!enrollment) throw new UnprocessableError(NOT_ENROLLED, `the tasker is not enrolled in course '${courseId}'`, { field: 'body.courseId' });
  return enrollment;
}
