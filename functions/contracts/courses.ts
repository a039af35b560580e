// Courses and enrollments (docs/courses.md).
import * as z from 'zod';
import { CourseBodySchema, CourseIdSchema, CourseModuleSchema, CourseVariantSchema } from '@theta/assessment';
import { IdempotencyHeaders } from './placements';
import { IdSchema, type RouteContract } from './shared';

const CourseParams = z.strictObject({ id: CourseIdSchema });
const TaskerParams = z.strictObject({ id: IdSchema });

const CourseView = z.object({
  id: z.string(),
  title: z.string(),
  skills: z.array(z.string()),
  modules: z.array(CourseModuleSchema),
  exitBlueprintId: z.string().optional(),
  variants: z.array(CourseVariantSchema),
  version: z.int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

const TaskerCourseView = z.object({
  id: z.string(),
  title: z.string(),
  skills: z.array(z.string()),
  version: z.int(),
  variant: z.string(),
  modules: z.array(CourseModuleSchema),
  exitBlueprintId: z.string().optional(),
});

const ModuleProgress = z.object({
  attempts: z.int(),
  passed: z.boolean(),
  passedAt: z.string().optional(),
  quizIds: z.array(z.string()),
  last: z.object({ quizId: z.string(), passed: z.boolean(), why: z.string().meta({ description: "the pass rule's numbers in words" }), at: z.string() }),
});

const Enrollment = z.object({
  id: z.string().optional().meta({ description: 'the enrollment id its events carry (`enrollmentId`); absent on enrollments written before the events' }),
  taskerId: z.string(),
  courseId: z.string(),
  variant: z.string(),
  courseVersion: z.int(),
  enrolledAt: z.string(),
  enrolledBy: z.string().meta({ description: 'the ops sub, or `rule:<id>@<version>` for a remediation rule' }),
  returnTrack: z.string().optional().meta({ description: 'the track a rule moved the tasker from: passing the exit re-assessment returns them there' }),
  remedialTrack: z.string().optional().meta({ description: 'the remedial track a rule moved the tasker to (its exit rules judge the exit re-assessment)' }),
  status: z.enum(['in-progress', 'completed']).optional(),
  completedAt: z.string().optional(),
  modules: z.record(z.string(), ModuleProgress).optional().meta({ description: 'per module of the variant: attempts, passed, passedAt' }),
  exit: z
    .object({
      blueprintId: z.string(),
      scheduledAt: z.string().optional(),
      problem: z.string().optional(),
      placementId: z.string().optional(),
      outcome: z.enum(['passed', 'failed']).optional(),
      reason: z.string().optional(),
      decidedAt: z.string().optional(),
      moveId: z.string().optional(),
    })
    .optional()
    .meta({ description: 'the exit re-assessment: scheduled when every module passed, then its outcome and why' }),
  version: z.int().optional(),
});

export const putCourse = {
  summary: 'Define a course, or change it: each change is a new immutable version (author)',
  description:
    'Sending the current content again writes nothing and returns the current version (200); a change creates the next version (201). ' +
    "Cross-field rules: module, variant and skill ids unique, each module's quiz skill is a course skill, a variant names only the course's modules. docs/courses.md.",
  access: ['author'],
  params: CourseParams,
  body: CourseBodySchema,
  responses: {
    200: { description: 'unchanged: the current version already says this', schema: CourseView },
    201: { description: 'the new version', schema: CourseView },
    409: { description: 'the course kept changing under concurrent writes: read it again and retry' },
  },
} as const satisfies RouteContract;

export const getCourse = {
  summary: "A course's current version, or `?version=` (authors, ops); an enrolled tasker sees their variant's modules only",
  access: ['author', 'ops', 'tasker'],
  ownership: { roles: ['tasker'], by: 'enrollment' },
  params: CourseParams,
  query: z.strictObject({ version: z.coerce.number().int().min(1).optional().meta({ description: 'a stored version (authors, ops); absent: the current one' }) }),
  responses: {
    200: { description: 'the definition (authors, ops) or the tasker’s variant of the version they were enrolled in', schema: z.union([CourseView, TaskerCourseView]) },
    404: { description: 'no such course or version; for a tasker, also a course they are not enrolled in' },
  },
} as const satisfies RouteContract;

const CourseSummary = z.object({
  id: z.string(),
  title: z.string(),
  skills: z.array(z.string()),
  version: z.int().meta({ description: 'the current version' }),
  variants: z.array(z.string()).meta({ description: 'the variant ids' }),
  exitBlueprintId: z.string().optional(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const listCourses = {
  summary: "Every course's current version in brief, newest change first, a page at a time (authors, ops)",
  description: 'One Query of the bank table’s gsi2 per page (never a Scan); a course is listed once, at its latest change. `GET /v1/courses/{id}` has the modules. docs/courses.md.',
  access: ['author', 'ops'],
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: { description: 'one page; `cursor` is present when there is more', schema: z.object({ courses: z.array(CourseSummary), cursor: z.string().optional() }) },
    422: { description: 'the cursor is not one of this list' },
  },
} as const satisfies RouteContract;

export const enrollTasker = {
  summary: 'Enrol a tasker in a course: the A/B variant is assigned (a stable seeded hash) and recorded (ops)',
  description:
    'Requires an Idempotency-Key. Enrolling is idempotent per tasker and course: enrolling again returns the existing enrollment (200), same variant, and writes nothing. docs/courses.md.',
  access: ['ops'],
  params: TaskerParams,
  headers: IdempotencyHeaders,
  body: z.strictObject({ courseId: CourseIdSchema }),
  responses: {
    200: { description: 'already enrolled: the stored enrollment', schema: z.object({ enrollment: Enrollment }) },
    201: { description: 'the new enrollment', schema: z.object({ enrollment: Enrollment }) },
    422: { description: 'no such course (`course_not_found`, details.field `body.courseId`)' },
  },
} as const satisfies RouteContract;

export const listEnrollments = {
  summary: "A tasker's enrollments (ops, the tasker themself)",
  access: ['ops', 'tasker'],
  ownership: { roles: ['tasker'], by: 'path-tasker' },
  params: TaskerParams,
  responses: {
    200: { description: 'by course id', schema: z.object({ taskerId: z.string(), enrollments: z.array(Enrollment) }) },
    404: { description: 'another tasker’s enrollments (for a tasker)' },
  },
} as const satisfies RouteContract;
