// Courses as data (docs/courses.md): modules of practice quizzes with pass rules and reading, an exit
// re-assessment blueprint, and A/B variants (module lists or materials) with allocation weights.
import * as z from 'zod';
import { SlugSchema } from '../bank/item-schema';
import { formatPath, type Issue } from '../bank/issues';

/** Course, module and variant ids: the same vocabulary the quiz contract already accepts for `courseId`. */
export const CourseIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1..64 lowercase letters, digits or hyphens');

export const COURSE_LIMITS = { titleMaxLength: 200, maxSkills: 20, maxModules: 50, maxMaterials: 20, maxVariants: 10, maxQuizLength: 30 } as const;

export const MaterialSchema = z.strictObject({
  title: z.string().trim().min(1).max(COURSE_LIMITS.titleMaxLength),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
});
export type Material = z.output<typeof MaterialSchema>;

export const PassRuleSchema = z
  .strictObject({
    minCorrectShare: z.number().min(0).max(1).optional().meta({ description: 'share of the quiz answered correctly, at least (inclusive)' }),
    minTheta: z.number().min(-6).max(6).optional().meta({ description: "θ on the module's skill after the quiz, at least (inclusive)" }),
  })
  .check((ctx) => {
    if (ctx.value.minCorrectShare === undefined && ctx.value.minTheta === undefined)
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['minCorrectShare'], message: 'a pass rule needs minCorrectShare, minTheta or both' });
  });
export type PassRule = z.output<typeof PassRuleSchema>;

export const CourseModuleSchema = z.strictObject({
  id: CourseIdSchema,
  title: z.string().trim().min(1).max(COURSE_LIMITS.titleMaxLength),
  quiz: z.strictObject({
    skill: SlugSchema,
    tags: z.array(SlugSchema).min(1).max(10).optional().meta({ description: 'only items carrying one of these tags' }),
    length: z.int().min(1).max(COURSE_LIMITS.maxQuizLength).optional(),
  }),
  pass: PassRuleSchema,
  materials: z.array(MaterialSchema).max(COURSE_LIMITS.maxMaterials).optional(),
});
export type CourseModule = z.output<typeof CourseModuleSchema>;

export const CourseVariantSchema = z.strictObject({
  id: CourseIdSchema,
  weight: z.number().positive().max(1000).meta({ description: 'allocation weight (> 0); shares are weight / sum of weights' }),
  modules: z.array(CourseIdSchema).min(1).max(COURSE_LIMITS.maxModules).optional().meta({ description: "the course's module ids this variant runs, in order (absent: all, in course order)" }),
  materials: z
    .record(CourseIdSchema, z.array(MaterialSchema).max(COURSE_LIMITS.maxMaterials))
    .optional()
    .meta({ description: "module id → the reading this variant shows instead of the module's own" }),
});
export type CourseVariant = z.output<typeof CourseVariantSchema>;

/** A course as an author sends it (the id is the URL's). */
export const CourseBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(COURSE_LIMITS.titleMaxLength),
  skills: z.array(SlugSchema).min(1).max(COURSE_LIMITS.maxSkills),
  modules: z.array(CourseModuleSchema).min(1).max(COURSE_LIMITS.maxModules),
  exitBlueprintId: z.string().min(1).max(64).optional().meta({ description: 'the blueprint of the exit re-assessment' }),
  variants: z.array(CourseVariantSchema).min(1).max(COURSE_LIMITS.maxVariants),
});
export type CourseBody = z.output<typeof CourseBodySchema>;

/** One stored, immutable version. */
export interface Course extends CourseBody {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

const duplicates = (ids: readonly string[], path: (i: number) => Issue['path'], what: string, issues: Issue[]) =>
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: path(i), message: `${what} '${id}' is listed twice` });
  });

/** The rules across fields, with paths from the body's root (`variants[1].modules[0]`). */
export function courseIssues(body: CourseBody): { path: string; message: string }[] {
  const issues: Issue[] = [];
  duplicates(body.skills, (i) => ['skills', i], 'skill', issues);
  duplicates(body.modules.map((m) => m.id), (i) => ['modules', i, 'id'], 'module', issues);
  duplicates(body.variants.map((v) => v.id), (i) => ['variants', i, 'id'], 'variant', issues);
  body.modules.forEach((m, i) => {
    if (!body.skills.includes(m.quiz.skill)) issues.push({ path: ['modules', i, 'quiz', 'skill'], message: `'${m.quiz.skill}' is not one of the course's skills` });
  });
  const moduleIds = new Set(body.modules.map((m) => m.id));
  body.variants.forEach((v, i) => {
    (v.modules ?? []).forEach((id, j) => {
      if (!moduleIds.has(id)) issues.push({ path: ['variants', i, 'modules', j], message: `module '${id}' is not one of the course's modules` });
      else if (v.modules?.indexOf(id) !== j) issues.push({ path: ['variants', i, 'modules', j], message: `module '${id}' is listed twice` });
    });
    const runs = new Set(v.modules ?? moduleIds);
    for (const id of Object.keys(v.materials ?? {}))
      if (!runs.has(id)) issues.push({ path: ['variants', i, 'materials', id], message: `module '${id}' is not one this variant runs` });
  });
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** What a variant's taskers see: its modules in its order, with its materials where it replaces them. */
export function modulesOfVariant(course: Pick<CourseBody, 'modules' | 'variants'>, variantId: string): CourseModule[] {
  const variant = course.variants.find((v) => v.id === variantId);
  if (!variant) return [];
  const byId = new Map(course.modules.map((m) => [m.id, m]));
  const ids = variant.modules ?? course.modules.map((m) => m.id);
  return ids.flatMap((id) => {
    const m = byId.get(id);
    if (!m) return [];
    const materials = variant.materials?.[id];
    return [materials ? { ...m, materials } : m];
  });
}
