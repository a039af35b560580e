// Module pass rules and course completion (docs/courses.md, "Module progress"), and the exit re-assessment's verdict:
// pure functions checked against hand-computed shares and bounds.
import { exitVerdict, passVerdict, withModuleAttempt, modulesOfVariant, type CourseBody, type Enrollment } from '../src/courses';

const course: Pick<CourseBody, 'modules' | 'variants'> = {
  modules: [
    { id: 'clarity', title: 'Clarity', quiz: { skill: 'writing-quality' }, pass: { minCorrectShare: 0.6 } },
    { id: 'tone', title: 'Tone', quiz: { skill: 'writing-quality' }, pass: { minCorrectShare: 0.5, minTheta: 0 } },
    { id: 'extra', title: 'Extra', quiz: { skill: 'writing-quality' }, pass: { minTheta: 1 } },
  ],
  variants: [
    { id: 'control', weight: 1, modules: ['clarity', 'tone'] },
    { id: 'all', weight: 1 },
  ],
};
const enrollment: Enrollment = { taskerId: 't', courseId: 'c', variant: 'control', courseVersion: 1, enrolledAt: '2026-12-01T00:00:00.000Z', enrolledBy: 'rule:r@1', status: 'in-progress', modules: {}, version: 1 };
const attempt = (moduleId: string, quizId: string, correct: number, items: number, theta: number) => ({ moduleId, quizId, correct, items, theta, at: `2026-12-02T00:00:0${quizId.length % 10}.000Z` });

describe('passVerdict', () => {
  it('is inclusive at both bounds and needs every bound it names', () => {
    // 3/5 = 0.60 ≥ 0.60
    expect(passVerdict({ minCorrectShare: 0.6 }, { correct: 3, items: 5, theta: -2 })).toEqual({ passed: true, why: '3 of 5 correct (0.60 ≥ 0.60)' });
    // 2/5 = 0.40 < 0.60
    expect(passVerdict({ minCorrectShare: 0.6 }, { correct: 2, items: 5, theta: 2 }).passed).toBe(false);
    expect(passVerdict({ minTheta: 0 }, { correct: 0, items: 3, theta: 0 })).toEqual({ passed: true, why: 'θ 0.00 ≥ 0.00' });
    // share passes, θ does not
    expect(passVerdict({ minCorrectShare: 0.5, minTheta: 0 }, { correct: 2, items: 3, theta: -0.1 })).toEqual({ passed: false, why: '2 of 3 correct (0.67 ≥ 0.50), θ -0.10 < 0.00' });
  });
});

describe('withModuleAttempt', () => {
  const control = modulesOfVariant(course, 'control');

  it('counts each quiz once, keeps a module passed once passed, and completes when every module of the variant passed', () => {
    let e = withModuleAttempt(enrollment, control, attempt('clarity', 'q1', 1, 3, 0));
    expect(e.modules?.clarity).toMatchObject({ attempts: 1, passed: false, quizIds: ['q1'] });
    expect(e.version).toBe(2);
    // the same quiz again (a retried last answer): nothing changes, the very same object
    expect(withModuleAttempt(e, control, attempt('clarity', 'q1', 1, 3, 0))).toBe(e);
    e = withModuleAttempt(e, control, attempt('clarity', 'q22', 2, 3, 0));
    expect(e.modules?.clarity).toMatchObject({ attempts: 2, passed: true, passedAt: expect.any(String) });
    const passedAt = e.modules?.clarity?.passedAt;
    // a later failed attempt does not take the pass away
    e = withModuleAttempt(e, control, attempt('clarity', 'q333', 0, 3, -1));
    expect(e.modules?.clarity).toMatchObject({ attempts: 3, passed: true, passedAt, last: { quizId: 'q333', passed: false } });
    expect(e.status).toBe('in-progress');
    // 'extra' is not in the control variant: ignored, and not needed for completion
    expect(withModuleAttempt(e, control, attempt('extra', 'q4', 3, 3, 2))).toBe(e);
    e = withModuleAttempt(e, control, attempt('tone', 'q55555', 2, 4, 0.3));
    expect(e.status).toBe('completed');
    expect(e.completedAt).toBe(e.modules?.tone?.passedAt);
  });

  it('in the variant running every module, completion also needs the third', () => {
    const all = modulesOfVariant(course, 'all');
    let e: Enrollment = { ...enrollment, variant: 'all' };
    e = withModuleAttempt(e, all, attempt('clarity', 'a', 3, 3, 0));
    e = withModuleAttempt(e, all, attempt('tone', 'b', 3, 3, 0.5));
    expect(e.status).toBe('in-progress');
    e = withModuleAttempt(e, all, attempt('extra', 'c', 3, 3, 1));
    expect(e.status).toBe('completed');
  });
});

describe('exitVerdict', () => {
  const result = (track: string, theta: Record<string, number>) => ({ track, skills: Object.fromEntries(Object.entries(theta).map(([k, t]) => [k, { theta: t, se: 0.3, ci95: [t - 0.6, t + 0.6] as [number, number], items: 5 }])) });

  it("judges by the remedial track's exit rules when it has them, whatever the routing said", () => {
    const def = { exit: [{ skill: 'writing-quality', minTheta: 0 }] };
    expect(exitVerdict(def, result('remedial:writing-quality', { 'writing-quality': 0.2 }))).toEqual({ passed: true, why: 'exit rules: writing-quality θ 0.20 ≥ 0.00' });
    expect(exitVerdict(def, result('generalist', { 'writing-quality': -0.01 }))).toEqual({ passed: false, why: 'exit rules: writing-quality θ -0.01 < 0.00' });
    expect(exitVerdict(def, result('generalist', { coding: 2 })).passed).toBe(false);
  });

  it('without exit rules, passes when the re-assessment routed to a track that is neither remedial nor not-qualified', () => {
    expect(exitVerdict(undefined, result('generalist', {}))).toEqual({ passed: true, why: 'the re-assessment routed to generalist' });
    expect(exitVerdict({ exit: [] }, result('remedial:coding', {})).passed).toBe(false);
    expect(exitVerdict(undefined, result('not-qualified', {})).passed).toBe(false);
  });
});
