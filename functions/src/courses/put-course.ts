import { courseIssues, putCourse as put } from '@theta/assessment';
import { createHandler, created, ok, RequestValidationError } from '@theta/http';
import { putCourse } from '../../contracts/courses';
import { courseStore } from './course-stores';

const store = courseStore();

// A re-sent definition is a no-op (the current version, 200): safe to retry without an Idempotency-Key.
export const handler = createHandler(putCourse, async ({ principal, params, body }) => {
  const issues = courseIssues(body);
  if (issues.length > 0) throw new RequestValidationError(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  const { course, unchanged } = await put(store, { id: params.id, body, author: principal.sub, now: new Date() });
  return unchanged ? ok(course) : created(course, `/v1/courses/${course.id}?version=${course.version}`);
});
