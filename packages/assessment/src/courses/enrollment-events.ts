// The outbox events of an enrollment (docs/data-model.md, "Events"): `tasker.enrolled` with the enrolment's write and
// `tasker.course_completed` with the write that finishes the course, each in the same transaction as its row, so
// there is never an event without the write or a write without its event. Pure: the store writes them.
import type { DomainEvent } from '../placement/types';
import { parseRuleSignature, type Enrollment } from './enrollment';

/** How a course ended, as `tasker.course_completed` says it. */
export type CourseEnd = 'passed' | 'failed' | 'no-exit' | 'exit-not-scheduled';

export function enrolledEvent(enrollment: Enrollment, id: string): DomainEvent {
  const rule = parseRuleSignature(enrollment.enrolledBy);
  return {
    id,
    type: 'tasker.enrolled',
    taskerId: enrollment.taskerId,
    at: enrollment.enrolledAt,
    detail: {
      enrollmentId: enrollment.id ?? null,
      courseId: enrollment.courseId,
      courseVersion: enrollment.courseVersion,
      variant: enrollment.variant,
      enrolledBy: enrollment.enrolledBy,
      rule: rule ?? null,
      returnTrack: enrollment.returnTrack ?? null,
      remedialTrack: enrollment.remedialTrack ?? null,
    },
  };
}

/**
 * How the enrollment's course ended, with what identifies that ending (a retried write, or one that only records
 * what was already known, ends nothing new): undefined while it is running (modules left, or the exit re-assessment
 * scheduled and not taken yet).
 */
function ending(e: Enrollment): { end: CourseEnd; key: string } | undefined {
  if (e.status !== 'completed') return undefined;
  if (!e.exit) return { end: 'no-exit', key: 'no-exit' };
  if (e.exit.outcome && e.exit.placementId) return { end: e.exit.outcome, key: `exit:${e.exit.placementId}` };
  if (e.exit.problem) return { end: 'exit-not-scheduled', key: 'problem' };
  return undefined;
}

/**
 * `tasker.course_completed` when `next` ends the course and `previous` did not end it that way: the last module
 * passed (a course with no exit re-assessment), the exit could not be scheduled, or the exit was settled.
 */
export function courseCompletedEvent(previous: Enrollment, next: Enrollment, id: string, now: Date): DomainEvent | undefined {
  const end = ending(next);
  if (!end || end.key === ending(previous)?.key) return undefined;
  const passed = end.end === 'passed' ? true : end.end === 'failed' ? false : null;
  return {
    id,
    type: 'tasker.course_completed',
    taskerId: next.taskerId,
    // the decision's time: the exit's placement completing, else the last module passing
    at: next.exit?.decidedAt ?? (end.end === 'no-exit' ? next.completedAt : undefined) ?? now.toISOString(),
    detail: {
      enrollmentId: next.id ?? null,
      courseId: next.courseId,
      courseVersion: next.courseVersion,
      variant: next.variant,
      completedAt: next.completedAt ?? null,
      end: end.end,
      passedExit: passed,
      exitPlacementId: next.exit?.placementId ?? null,
      reason: next.exit?.reason ?? next.exit?.problem ?? null,
      // passing returns a rule-moved tasker to the track they came from (an ops enrolment returns nobody)
      returnedTo: passed && next.exit?.moveId && next.returnTrack ? next.returnTrack : null,
      moveId: next.exit?.moveId ?? null,
    },
  };
}
