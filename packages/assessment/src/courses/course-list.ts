// The course list (GET /v1/courses, docs/courses.md "Listing courses"): each course's current version in brief.
import type { Course } from './course';

/** A course as the list shows it: no modules, no reading, the variants by id. */
export interface CourseSummary {
  id: string;
  title: string;
  skills: string[];
  version: number;
  variants: string[];
  exitBlueprintId?: string;
  updatedAt: string;
  updatedBy: string;
}

export interface CourseSummaryPage {
  /** newest change first */
  courses: CourseSummary[];
  cursor?: string;
}

/** Every course, a page at a time. */
export interface CourseList {
  listCourses(limit: number, cursor?: string): Promise<CourseSummaryPage>;
}

export const courseSummary = (course: Course): CourseSummary => ({
  id: course.id,
  title: course.title,
  skills: course.skills,
  version: course.version,
  variants: course.variants.map((v) => v.id),
  ...(course.exitBlueprintId === undefined ? {} : { exitBlueprintId: course.exitBlueprintId }),
  updatedAt: course.updatedAt,
  updatedBy: course.updatedBy,
});
