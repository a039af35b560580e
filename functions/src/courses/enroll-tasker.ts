import { enrollTasker } from '@theta/assessment';
import { countMetric, createHandler, created, ok } from '@theta/http';
import { enrollTasker as contract } from '../../contracts/courses';
import { courseStore, enrollmentStore } from './course-stores';

const deps = { courses: courseStore(), enrollments: enrollmentStore() };

// The enrollment is its own idempotency record (one per tasker and course, written once), so a retry under the
// Idempotency-Key, or without it, returns the same enrollment and writes nothing.
export const handler = createHandler(contract, async ({ principal, params, body }) => {
  const { enrollment, created: isNew } = await enrollTasker(deps, { taskerId: params.id, courseId: body.courseId, by: principal.sub, now: new Date() });
  if (!isNew) return ok({ enrollment });
  countMetric('TaskerEnrolled');
  return created({ enrollment }, `/v1/taskers/${params.id}/enrollments`);
});
