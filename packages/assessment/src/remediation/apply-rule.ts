// What a firing rule does: the one-tasker move (audit row, tasker.track_changed) with the rule as actor, then, when
// the rule names a course, the enrolment in it, recording where the tasker came from. Both steps are idempotent on
// their own (the move by its request key, the enrolment by its row), so a retry after a crash between them
// completes the enrolment once and never moves twice.
import type { CourseStore } from '../courses/course-put';
import { enrollTasker, ruleSignature, type EnrollmentStore } from '../courses/enrollment';
import { moveTaskerTrack, type MoveTrackDeps, type TrackMove } from '../tracks/move-track';
import type { RemediationRule } from './remediation-rule';

export interface RuleActionDeps extends MoveTrackDeps {
  courses: Pick<CourseStore, 'getCourse'>;
  enrollments: EnrollmentStore;
  now: () => Date;
}

export interface RuleAction {
  ruleId: string;
  version: number;
  fired: boolean;
  why: string;
  move?: { id: string; from?: string; to: string };
  /** the course the tasker was enrolled in (or already was) by the rule */
  enrollment?: { courseId: string; variant: string };
}

/** The move's request key: one move per rule and piece of evidence, however often the evidence is retried. */
export const ruleMoveKey = (ruleId: string, evidenceId: string): string => `rule-${ruleId}-${evidenceId}`;

/**
 * Moves the tasker by a rule that fired on evidence `evidenceId` (a signal, a quiz, a placement: the move's request
 * key is derived from it) and enrols them in the rule's course.
 */
export async function applyRule(deps: RuleActionDeps, input: { rule: RemediationRule; taskerId: string; why: string; evidenceId: string }): Promise<RuleAction> {
  const { rule } = input;
  const { move } = await moveTaskerTrack(
    { taskerId: input.taskerId, to: rule.moveTo, reason: `${rule.title}: ${input.why}`, actor: { kind: 'rule', ruleId: rule.id, version: rule.version }, requestKey: ruleMoveKey(rule.id, input.evidenceId) },
    deps,
  );
  return enrolAfterMove(deps, rule, input.taskerId, move, input.why);
}

/**
 * A retry of evidence that already fired the rule: the tasker is on the rule's track now, so the rule would not fire
 * again, but the enrolment the first attempt may not have reached is completed. Undefined when it never fired.
 */
export async function resumeRule(deps: RuleActionDeps, input: { rule: RemediationRule; taskerId: string; evidenceId: string }): Promise<RuleAction | undefined> {
  const move = await deps.tracks.getMoveByRequestKey(input.taskerId, ruleMoveKey(input.rule.id, input.evidenceId));
  if (!move) return undefined;
  const prefix = `${input.rule.title}: `;
  return enrolAfterMove(deps, input.rule, input.taskerId, move, move.reason.startsWith(prefix) ? move.reason.slice(prefix.length) : move.reason);
}

async function enrolAfterMove(deps: RuleActionDeps, rule: RemediationRule, taskerId: string, move: TrackMove, why: string): Promise<RuleAction> {
  const action: RuleAction = { ruleId: rule.id, version: rule.version, fired: true, why, move: { id: move.id, ...(move.from ? { from: move.from } : {}), to: move.to } };
  if (!rule.courseId) return action;
  // the stored move's `from` (the same on a retry): the track the tasker came from, where the course returns them
  const { enrollment } = await enrollTasker(deps, {
    taskerId,
    courseId: rule.courseId,
    by: ruleSignature(rule),
    now: deps.now(),
    ...(move.from ? { returnTrack: move.from } : {}),
    remedialTrack: move.to,
  });
  return { ...action, enrollment: { courseId: enrollment.courseId, variant: enrollment.variant } };
}
