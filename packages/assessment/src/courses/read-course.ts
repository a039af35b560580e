// Reading a course: authors and ops see the definition; an enrolled tasker sees only its own variant's modules
// (the other variants, and the allocation, are the experiment's, not the tasker's).
import { NotFoundError } from '../errors';
import { modulesOfVariant, type Course, type CourseModule } from './course';
import type { CourseStore } from './course-put';
import type { EnrollmentStore } from './enrollment';

export interface TaskerCourseView {
  id: string;
  title: string;
  skills: string[];
  version: number;
  variant: string;
  modules: CourseModule[];
  exitBlueprintId?: string;
}

export async function readCourse(
  deps: { courses: Pick<CourseStore, 'getCourse'>; enrollments: Pick<EnrollmentStore, 'getEnrollment'> },
  input: { id: string; version?: number; viewer: { sub: string; staff: boolean } },
): Promise<Course | TaskerCourseView> {
  const missing = () => new NotFoundError('course_not_found', input.version === undefined ? `no course '${input.id}'` : `course '${input.id}' has no version ${input.version}`);
  if (input.viewer.staff) {
    const course = await deps.courses.getCourse(input.id, input.version);
    if (!course) throw missing();
    return course;
  }
  // a tasker not enrolled: the course does not exist for them
  const enrollment = await deps.enrollments.getEnrollment(input.viewer.sub, input.id);
  if (!enrollment) throw new NotFoundError('course_not_found', `no course '${input.id}' for this tasker`);
  // the version they were enrolled in: the variant was assigned from it
  const course = await deps.courses.getCourse(input.id, enrollment.courseVersion);
  if (!course) throw missing();
  return {
    id: course.id,
    title: course.title,
    skills: course.skills,
    version: course.version,
    variant: enrollment.variant,
    modules: modulesOfVariant(course, enrollment.variant),
    ...(course.exitBlueprintId === undefined ? {} : { exitBlueprintId: course.exitBlueprintId }),
  };
}
