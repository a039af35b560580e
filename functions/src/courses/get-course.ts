import { readCourse } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { getCourse } from '../../contracts/courses';
import { courseStore, enrollmentStore } from './course-stores';

const deps = { courses: courseStore(), enrollments: enrollmentStore() };

// authors and ops read the definition; a tasker only the variant they are enrolled in (else 404)
export const handler = createHandler(getCourse, async ({ principal, params, query }) =>
  ok(
    await readCourse(deps, {
      id: params.id,
      ...(query.version === undefined ? {} : { version: query.version }),
      viewer: { sub: principal.sub, staff: hasRole(principal, 'author') || hasRole(principal, 'ops') },
    }),
  ),
);
