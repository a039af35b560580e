// Enrolling a tasker in a course: the variant is assigned once (seeded hash) and recorded with the course version,
// so every later response of the course carries the same variant even if the weights change.
import { UnprocessableError } from '../errors';
import { assignVariant } from './assign-variant';
import type { CourseStore } from './course-put';

export interface Enrollment {
  taskerId: string;
  courseId: string;
  variant: string;
  courseVersion: number;
  enrolledAt: string;
  /** the token subject who enrolled the tasker */
  enrolledBy: string;
}

/** Storage of enrollments (the tasker's partition). Only packages/store implements it. */
export interface EnrollmentStore {
  getEnrollment(taskerId: string, courseId: string): Promise<Enrollment | undefined>;
  /** every enrollment of the tasker (one Query of its partition) */
  listEnrollments(taskerId: string): Promise<Enrollment[]>;
  /** writes the enrollment iff none exists; returns the stored one (the new one, or the one that was there) */
  putEnrollment(enrollment: Enrollment): Promise<{ enrollment: Enrollment; created: boolean }>;
}

export const COURSE_NOT_FOUND = 'course_not_found';
export const NOT_ENROLLED = 'not_enrolled';

/** Enrols once: a second call (a retry, another ops) returns the stored enrollment, same variant, and writes nothing. */
export async function enrollTasker(
  deps: { courses: Pick<CourseStore, 'getCourse'>; enrollments: EnrollmentStore },
  input: { taskerId: string; courseId: string; by: string; now: Date },
): Promise<{ enrollment: Enrollment; created: boolean }> {
  const existing = await deps.enrollments.getEnrollment(input.taskerId, input.courseId);
  if (existing) return { enrollment: existing, created: false };
  const course = await deps.courses.getCourse(input.courseId);
  if (!course) throw new UnprocessableError(COURSE_NOT_FOUND, `no course '${input.courseId}' (PUT /v1/courses/${input.courseId})`, { field: 'body.courseId' });
  return deps.enrollments.putEnrollment({
    taskerId: input.taskerId,
    courseId: course.id,
    variant: assignVariant(course.id, input.taskerId, course.variants),
    courseVersion: course.version,
    enrolledAt: input.now.toISOString(),
    enrolledBy: input.by,
  });
}

/** The enrollment a quiz in a course needs; UnprocessableError `not_enrolled` naming body.courseId otherwise. */
export async function requireEnrollment(enrollments: Pick<EnrollmentStore, 'getEnrollment'>, taskerId: string, courseId: string): Promise<Enrollment> {
  const enrollment = await enrollments.getEnrollment(taskerId, courseId);
  if (!enrollment) throw new UnprocessableError(NOT_ENROLLED, `the tasker is not enrolled in course '${courseId}'`, { field: 'body.courseId' });
  return enrollment;
}

