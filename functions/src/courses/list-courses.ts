import { createHandler, ok } from '@theta/http';
import { listCourses } from '../../contracts/courses';
import { courseStore } from './course-stores';

// no use case: a page of the stored current versions in brief, nothing to decide
const courses = courseStore();

export const handler = createHandler(listCourses, async ({ query }) => ok(await courses.listCourses(query.limit, query.cursor)));
