// A module's pass rule applied to one quiz, and the enrollment that results. Pure: the use case reads and writes.
import type { CourseModule, PassRule } from './course';
import type { Enrollment, ModuleProgress } from './enrollment';

/** One finished quiz of a module: its answers and the tasker's θ on the module's skill after it. */
export interface ModuleAttempt {
  moduleId: string;
  quizId: string;
  correct: number;
  items: number;
  /** the stored θ after the quiz (its summary's thetaAfter) */
  theta: number;
  at: string;
}

const fmt = (x: number) => x.toFixed(2);

/** Both bounds inclusive; a rule with both needs both. */
export function passVerdict(rule: PassRule, attempt: Pick<ModuleAttempt, 'correct' | 'items' | 'theta'>): { passed: boolean; why: string } {
  const share = attempt.items === 0 ? 0 : attempt.correct / attempt.items;
  const parts: string[] = [];
  let passed = true;
  if (rule.minCorrectShare !== undefined) {
    const ok = share >= rule.minCorrectShare;
    passed &&= ok;
    parts.push(`${attempt.correct} of ${attempt.items} correct (${fmt(share)} ${ok ? '≥' : '<'} ${fmt(rule.minCorrectShare)})`);
  }
  if (rule.minTheta !== undefined) {
    const ok = attempt.theta >= rule.minTheta;
    passed &&= ok;
    parts.push(`θ ${fmt(attempt.theta)} ${ok ? '≥' : '<'} ${fmt(rule.minTheta)}`);
  }
  return { passed, why: parts.join(', ') };
}

/**
 * The enrollment with the attempt counted (once per quiz: a quiz already counted returns the enrollment as it is).
 * A module stays passed once passed; the course is completed when every module of the tasker's variant has passed.
 */
export function withModuleAttempt(enrollment: Enrollment, variantModules: readonly CourseModule[], attempt: ModuleAttempt): Enrollment {
  const module = variantModules.find((m) => m.id === attempt.moduleId);
  if (!module) return enrollment;
  const before: ModuleProgress | undefined = enrollment.modules?.[attempt.moduleId];
  if (before?.quizIds.includes(attempt.quizId)) return enrollment;
  const verdict = passVerdict(module.pass, attempt);
  const passedAt = before?.passedAt ?? (verdict.passed ? attempt.at : undefined);
  const progress: ModuleProgress = {
    attempts: (before?.attempts ?? 0) + 1,
    passed: (before?.passed ?? false) || verdict.passed,
    ...(passedAt ? { passedAt } : {}),
    quizIds: [...(before?.quizIds ?? []), attempt.quizId],
    last: { quizId: attempt.quizId, passed: verdict.passed, why: verdict.why, at: attempt.at },
  };
  const modules = { ...enrollment.modules, [attempt.moduleId]: progress };
  const done = variantModules.every((m) => modules[m.id]?.passed);
  const completing = done && enrollment.status !== 'completed';
  return {
    ...enrollment,
    modules,
    ...(completing ? { status: 'completed' as const, completedAt: attempt.at } : {}),
    version: (enrollment.version ?? 0) + 1,
  };
}
