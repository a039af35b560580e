import { NotFoundError } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { listEnrollments } from '../../contracts/courses';
import { enrollmentStore } from './course-stores';

const store = enrollmentStore();

// ops see anyone's enrollments, a tasker only their own; another tasker's do not exist for them.
export const handler = createHandler(listEnrollments, async ({ principal, params }) => {
  if (!hasRole(principal, 'ops') && principal.sub !== params.id) throw new NotFoundError('tasker_not_found', `no tasker '${params.id}' for this caller`);
  return ok({ taskerId: params.id, enrollments: await store.listEnrollments(params.id) });
});
