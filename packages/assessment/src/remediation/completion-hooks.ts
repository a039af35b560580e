// What a completed placement or quiz sets off, after its own write: the course it belongs to (a module's pass rule;
// a course's exit re-assessment) and the remediation rules on the new proficiency. Each step is idempotent per
// placement or quiz, and the hooks run again when the last answer is retried, so a crash between the completion and
// these steps is finished by the retry.
import { recordModuleQuiz, type CourseProgressDeps } from '../courses/course-progress';
import { settleCourseExit, type CourseExitDeps } from '../courses/course-exit';
import type { PlacementSession } from '../placement/types';
import type { CompletedQuiz } from '../quizzes/types';
import { runProficiencyRules, type ProficiencyRuleDeps } from './proficiency-rules';

export type CompletionHookDeps = ProficiencyRuleDeps & CourseProgressDeps & CourseExitDeps;

/** A completed placement as the hook sees it: `projectId` for a project blueprint (no general proficiency). */
export interface CompletedPlacement {
  session: PlacementSession;
  projectId?: string;
}

export function placementCompletionHook(deps: CompletionHookDeps): (completed: CompletedPlacement) => Promise<void> {
  return async ({ session, projectId }) => {
    const result = session.result;
    // a project's qualification or a withheld result changes no general proficiency and no track
    if (!result || result.withheld || projectId) return;
    await settleCourseExit(deps, session);
    const estimates = Object.entries(result.skills).map(([skill, s]) => ({ skill, theta: s.theta, se: s.se }));
    await runProficiencyRules(deps, { taskerId: session.taskerId, evidenceId: session.id, estimates });
  };
}

export function quizCompletionHook(deps: CompletionHookDeps): (completed: CompletedQuiz) => Promise<void> {
  return async ({ quiz, summary }) => {
    if (quiz.courseId && quiz.moduleId)
      await recordModuleQuiz(deps, { taskerId: quiz.taskerId, courseId: quiz.courseId, moduleId: quiz.moduleId, quizId: quiz.id, correct: summary.correct, items: summary.items, theta: summary.thetaAfter, at: quiz.updatedAt });
    await runProficiencyRules(deps, { taskerId: quiz.taskerId, evidenceId: quiz.id, estimates: [{ skill: quiz.skill, theta: summary.thetaAfter, se: summary.seAfter }] });
  };
}

/** The placement answer path's side of the hook (placement/submit-response.ts): whoever wires it passes it in deps. */
export interface PlacementCompletionDeps {
  placements: { getPlacement(id: string): Promise<PlacementSession | undefined> };
  banks: { get(blueprintId: string, version: number): Promise<{ blueprint: { projectId?: string } }> };
  afterCompletion?: (completed: CompletedPlacement) => Promise<void>;
}

/**
 * After an answer whose reply completed the placement, first time or a retry: runs the completion hook on the stored
 * session (one read, on completion only). Returns the reply unchanged.
 */
export async function afterPlacementAnswer<R extends { status: string }>(deps: PlacementCompletionDeps, placementId: string, reply: R): Promise<R> {
  if (reply.status !== 'completed' || !deps.afterCompletion) return reply;
  const session = await deps.placements.getPlacement(placementId);
  if (session?.status !== 'completed') return reply;
  const bank = await deps.banks.get(session.blueprintId, session.blueprintVersion);
  await deps.afterCompletion({ session, ...(bank.blueprint.projectId ? { projectId: bank.blueprint.projectId } : {}) });
  return reply;
}
