import { NotFoundError, type Course } from '@theta/assessment';
import { courseInsight } from '@theta/insights/courses';
import { createHandler, ok, RequestValidationError } from '@theta/http';
import { getInsightCourse } from '../../contracts/insights';
import { courseStore } from '../courses/course-stores';
import { insightsEngine } from './engine';

const DEFAULT_DAYS = 90;
const courses = courseStore();

/** proficient = the highest pass minTheta among the skill's modules (the course's own bar), else θ = 0 */
function proficientThetaOf(course: Course, skill: string): number {
  const bars = course.modules.filter((m) => m.quiz.skill === skill).flatMap((m) => (m.pass.minTheta === undefined ? [] : [m.pass.minTheta]));
  return bars.length ? Math.max(...bars) : 0;
}

export const handler = createHandler(getInsightCourse, async ({ params, query }) => {
  const course = await courses.getCourse(params.id);
  if (!course) throw new NotFoundError('course_not_found', `no course '${params.id}'`);
  const variants = course.variants.map((v) => v.id);
  const problems = (['control', 'treatment'] as const).flatMap((field) => {
    const v = query[field];
    return v !== undefined && !variants.includes(v) ? [{ path: `query.${field}`, message: `not a variant of course '${course.id}' (${variants.join(', ')})` }] : [];
  });
  const skill = query.skill ?? course.skills[0]!;
  if (!course.skills.includes(skill)) problems.push({ path: 'query.skill', message: `not a skill of course '${course.id}' (${course.skills.join(', ')})` });
  if (problems.length) throw new RequestValidationError(problems);
  const to = query.to ?? new Date().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_DAYS * 86_400_000).toISOString();
  return ok(
    await courseInsight(await insightsEngine(), {
      courseId: course.id,
      skill,
      from,
      to,
      variants,
      ...(query.control === undefined ? {} : { control: query.control }),
      ...(query.treatment === undefined ? {} : { treatment: query.treatment }),
      proficientTheta: query.proficientTheta ?? proficientThetaOf(course, skill),
      ...(query.taskers === undefined ? {} : { top: query.taskers }),
    }),
  );
});
