// The course's exit re-assessment completed: did the tasker pass, and where do they go. Passing returns them to the
// track the rule moved them from (the one move use case: audit row, tasker.track_changed); failing keeps them on the
// remedial track (moved back if the placement's routing took them elsewhere), with the reason on the enrollment.
// docs/courses.md, "The exit re-assessment".
import { meetsTrackRules, type TrackDefinition } from '../tracks/track-definition';
import { moveTaskerTrack, type MoveActor, type MoveTrackDeps } from '../tracks/move-track';
import type { TrackDefinitionStore } from '../tracks/track-definition-put';
import type { PlacementResult, PlacementSession } from '../placement/types';
import { COURSE_ACTOR_PREFIX, writeEnrollment, type CourseProgressDeps } from './course-progress';
import { parseRuleSignature, type CourseExit, type Enrollment } from './enrollment';

export interface CourseExitDeps extends MoveTrackDeps, Pick<CourseProgressDeps, 'enrollments'> {
  definitions: Pick<TrackDefinitionStore, 'getTrackDefinition' | 'listTrackDefinitions'>;
  now: () => Date;
}

const fmt = (x: number) => x.toFixed(2);

/**
 * Passed: the remedial track's exit rules all hold on the re-assessment's θs when its definition has exit rules;
 * otherwise (no definition, or none to judge by) the re-assessment's own routing took the tasker to a track that
 * is neither remedial nor not-qualified.
 */
export function exitVerdict(definition: Pick<TrackDefinition, 'exit'> | undefined, result: Pick<PlacementResult, 'skills' | 'track'>): { passed: boolean; why: string } {
  if (definition && definition.exit.length > 0) {
    const theta = Object.fromEntries(Object.entries(result.skills).map(([skill, s]) => [skill, s.theta]));
    const passed = meetsTrackRules(definition.exit, theta);
    const parts = definition.exit.map((r) => {
      const t = theta[r.skill];
      if (t === undefined) return `${r.skill} not measured`;
      const bounds = [r.minTheta === undefined ? undefined : `${t >= r.minTheta ? '≥' : '<'} ${fmt(r.minTheta)}`, r.maxTheta === undefined ? undefined : `${t <= r.maxTheta ? '≤' : '>'} ${fmt(r.maxTheta)}`];
      return `${r.skill} θ ${fmt(t)} ${bounds.filter(Boolean).join(' and ')}`;
    });
    return { passed, why: `exit rules: ${parts.join('; ')}` };
  }
  const passed = !result.track.startsWith('remedial:') && result.track !== 'not-qualified';
  return { passed, why: `the re-assessment routed to ${result.track}` };
}

/** The enrolling rule as the move's actor; a person's enrolment: that person. */
function actorOf(enrollment: Enrollment): MoveActor {
  const rule = parseRuleSignature(enrollment.enrolledBy);
  return rule ? { kind: 'rule', ...rule } : { kind: 'person', sub: enrollment.enrolledBy };
}

/** The course a placement is the exit re-assessment of (scheduled with the course's signature), if any. */
export function exitCourseOf(session: Pick<PlacementSession, 'reassessment'>): string | undefined {
  const by = session.reassessment?.scheduledBy;
  return by?.startsWith(COURSE_ACTOR_PREFIX) ? by.slice(COURSE_ACTOR_PREFIX.length) : undefined;
}

/**
 * Settles a completed placement that is a course's exit re-assessment; undefined for any other placement. Exactly
 * once under retries: the move's request key is derived from the placement, and the outcome is recorded after it
 * (a retry finds the move, replays it, and records).
 */
export async function settleCourseExit(deps: CourseExitDeps, session: PlacementSession): Promise<CourseExit | undefined> {
  const courseId = exitCourseOf(session);
  if (!courseId || !session.result || session.result.withheld) return undefined;
  const enrollment = await deps.enrollments.getEnrollment(session.taskerId, courseId);
  const exit = enrollment?.exit;
  if (!enrollment || enrollment.status !== 'completed' || !exit || exit.blueprintId !== session.blueprintId) return undefined;
  if (exit.placementId === session.id || exit.outcome === 'passed') return exit;
  const definition = enrollment.remedialTrack ? await deps.definitions.getTrackDefinition(enrollment.remedialTrack) : undefined;
  const verdict = exitVerdict(definition, session.result);
  const requestKey = `course-exit-${session.id}`;
  let moveId: string | undefined;
  const target = verdict.passed ? enrollment.returnTrack : enrollment.remedialTrack;
  if (target) {
    // failing: moved back only if the re-assessment's routing took them off the remedial track
    const current = verdict.passed ? undefined : (await deps.tracks.getTrackProfile(session.taskerId))?.track?.track;
    const replayed = await deps.tracks.getMoveByRequestKey(session.taskerId, requestKey);
    if (replayed || verdict.passed || current !== target) {
      const reason = verdict.passed
        ? `passed the exit re-assessment of course ${courseId} (placement ${session.id}): ${verdict.why}; back to the track before remediation`
        : `did not pass the exit re-assessment of course ${courseId} (placement ${session.id}): ${verdict.why}; stays in remediation`;
      const { move } = await moveTaskerTrack({ taskerId: session.taskerId, to: target, reason, actor: actorOf(enrollment), requestKey }, deps);
      moveId = move.id;
    }
  }
  const settled: CourseExit = {
    ...exit,
    placementId: session.id,
    outcome: verdict.passed ? 'passed' : 'failed',
    reason: verdict.why,
    decidedAt: session.result.completedAt,
    ...(moveId ? { moveId } : {}),
  };
  await writeEnrollment(deps, session.taskerId, courseId, (e) => (e.exit?.placementId === session.id ? e : { ...e, exit: settled, version: (e.version ?? 0) + 1 }));
  return settled;
}
