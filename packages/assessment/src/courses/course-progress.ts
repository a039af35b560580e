// A quiz of a course module finished: its result goes on the enrollment (conditional on the version read, so two
// quizzes finishing at once both count), and when the last module passes the course is completed and its exit
// re-assessment is scheduled (the tasker's next placement uses the course's exit blueprint; docs/courses.md).
import { randomUUID } from 'node:crypto';
import { ConflictError, UnprocessableError } from '../errors';
import { scheduleReassessment, type ScheduleReassessmentDeps } from '../placement/schedule-reassessment';
import { modulesOfVariant } from './course';
import type { CourseStore } from './course-put';
import { ENROLLMENT_CHANGED, type Enrollment, type EnrollmentStore } from './enrollment';
import { courseCompletedEvent } from './enrollment-events';
import { withModuleAttempt, type ModuleAttempt } from './module-progress';

export interface CourseProgressDeps {
  courses: Pick<CourseStore, 'getCourse'>;
  enrollments: EnrollmentStore;
  reassessments: ScheduleReassessmentDeps;
  newId?: () => string;
}

/** `course:<id>`: how a course signs the re-assessment it schedules (and how the placement is known as its exit). */
export const COURSE_ACTOR_PREFIX = 'course:';
export const courseSignature = (courseId: string): string => `${COURSE_ACTOR_PREFIX}${courseId}`;

const ATTEMPTS = 5;

/**
 * Re-reads and re-applies `change` on a lost race; `change` returning its input means nothing to write. A change that
 * finishes the course writes its `tasker.course_completed` event in the same transaction.
 */
export async function writeEnrollment(deps: Pick<CourseProgressDeps, 'enrollments' | 'newId'>, taskerId: string, courseId: string, change: (e: Enrollment) => Enrollment): Promise<Enrollment | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.enrollments.getEnrollment(taskerId, courseId);
    if (!current) return undefined;
    const next = change(current);
    if (next === current) return current;
    const event = courseCompletedEvent(current, next, (deps.newId ?? randomUUID)(), new Date());
    try {
      await deps.enrollments.updateEnrollment(next, current.version ?? 0, event);
      return next;
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === ENROLLMENT_CHANGED) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Counts a finished module quiz. Safe to call again for the same quiz (a retried last answer): counted once, and a
 * completion whose exit re-assessment was not scheduled yet (a crash in between) is scheduled then.
 */
export async function recordModuleQuiz(deps: CourseProgressDeps, input: ModuleAttempt & { taskerId: string; courseId: string }): Promise<Enrollment | undefined> {
  const enrollment = await deps.enrollments.getEnrollment(input.taskerId, input.courseId);
  if (!enrollment) return undefined;
  const course = await deps.courses.getCourse(input.courseId, enrollment.courseVersion);
  if (!course) return enrollment;
  const modules = modulesOfVariant(course, enrollment.variant);
  const updated = await writeEnrollment(deps, input.taskerId, input.courseId, (e) => {
    const next = withModuleAttempt(e, modules, input);
    // the course just completed: the exit re-assessment is due (scheduled below, then recorded)
    return next !== e && next.status === 'completed' && !e.exit && course.exitBlueprintId ? { ...next, exit: { blueprintId: course.exitBlueprintId } } : next;
  });
  if (!updated?.exit || updated.exit.scheduledAt || updated.exit.problem || updated.exit.placementId) return updated;
  // scheduling is a replace (a PUT): doing it again after a crash before the record below is harmless
  const exit = updated.exit;
  let recorded: Enrollment['exit'];
  try {
    const scheduled = await scheduleReassessment(
      { taskerId: input.taskerId, blueprintId: exit.blueprintId, reason: `exit re-assessment of course '${course.title}' (${course.id})`, scheduledBy: courseSignature(course.id) },
      deps.reassessments,
    );
    recorded = { ...exit, scheduledAt: scheduled.scheduledAt };
  } catch (error) {
    // the quiz is already complete: a blueprint that is not published is recorded for ops, never a failed answer
    if (!(error instanceof UnprocessableError)) throw error;
    recorded = { ...exit, problem: error.message };
  }
  return writeEnrollment(deps, input.taskerId, input.courseId, (e) => (e.exit && !e.exit.scheduledAt && !e.exit.problem ? { ...e, exit: recorded, version: (e.version ?? 0) + 1 } : e));
}
