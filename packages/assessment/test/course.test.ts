// The course schema's cross-field rules and the A/B variant assignment (docs/courses.md).
import { assignVariant, CourseBodySchema, courseIssues, modulesOfVariant, type CourseBody } from '../src/courses';

const body = (over: Partial<CourseBody> = {}): CourseBody =>
  CourseBodySchema.parse({
    title: 'Fractions again',
    skills: ['math'],
    modules: [
      { id: 'm1', title: 'Halves', quiz: { skill: 'math', tags: ['fractions'] }, pass: { minCorrectShare: 0.7 }, materials: [{ title: 'Read me', url: 'https://example.com/a' }] },
      { id: 'm2', title: 'Thirds', quiz: { skill: 'math', length: 5 }, pass: { minTheta: 0.2 } },
    ],
    exitBlueprintId: 'default',
    variants: [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1, modules: ['m2', 'm1'], materials: { m1: [{ title: 'Video', url: 'https://example.com/v' }] } },
    ],
    ...over,
  });

describe('course schema', () => {
  it('accepts a well-formed course with no cross-field issues', () => {
    expect(courseIssues(body())).toEqual([]);
  });

  it('rejects weights that are not > 0 and a pass rule with no condition, naming the fields', () => {
    const r = CourseBodySchema.safeParse({ ...body(), variants: [{ id: 'a', weight: 0 }], modules: [{ ...body().modules[0], pass: {} }] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['variants.0.weight', 'modules.0.pass.minCorrectShare']));
  });

  it('reports duplicate ids, unknown modules in variants and foreign skills with their paths', () => {
    const b = body();
    const bad: CourseBody = {
      ...b,
      modules: [b.modules[0]!, { ...b.modules[1]!, id: 'm1', quiz: { skill: 'coding' } }],
      variants: [
        { id: 'a', weight: 1, modules: ['m1', 'zz', 'm1'] },
        { id: 'a', weight: 2, materials: { nope: [] } },
      ],
    };
    expect(courseIssues(bad)).toEqual(
      expect.arrayContaining([
        { path: 'modules[1].id', message: "module 'm1' is listed twice" },
        { path: 'modules[1].quiz.skill', message: "'coding' is not one of the course's skills" },
        { path: 'variants[1].id', message: "variant 'a' is listed twice" },
        { path: 'variants[0].modules[1]', message: "module 'zz' is not one of the course's modules" },
        { path: 'variants[0].modules[2]', message: "module 'm1' is listed twice" },
        { path: 'variants[1].materials.nope', message: "module 'nope' is not one this variant runs" },
      ]),
    );
  });

  it("gives a variant its modules in its order with its own materials", () => {
    const b = body();
    expect(modulesOfVariant(b, 'a').map((m) => m.id)).toEqual(['m1', 'm2']);
    const variantB = modulesOfVariant(b, 'b');
    expect(variantB.map((m) => m.id)).toEqual(['m2', 'm1']);
    expect(variantB[1]!.materials).toEqual([{ title: 'Video', url: 'https://example.com/v' }]);
    expect(modulesOfVariant(b, 'missing')).toEqual([]);
  });
});

describe('assignVariant', () => {
  const variants = [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 3 },
  ];

  it('is stable: the same tasker and course always get the same variant', () => {
    for (let i = 0; i < 200; i++) expect(assignVariant('c1', `t-${i}`, variants)).toBe(assignVariant('c1', `t-${i}`, [...variants]));
  });

  it.each([
    [[{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }]],
    [[{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }, { id: 'c', weight: 2 }]],
    [[{ id: 'a', weight: 0.1 }, { id: 'b', weight: 9.9 }]],
  ])('allocates 20,000 taskers in proportion to the weights, within 4 binomial SDs (%j)', (vs) => {
    const n = 20_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = assignVariant('course-x', `tasker-${i}`, vs);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const total = vs.reduce((s, v) => s + v.weight, 0);
    for (const v of vs) {
      const p = v.weight / total;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs((counts.get(v.id) ?? 0) - n * p)).toBeLessThan(4 * sd);
    }
  });

  it("assigns independently across courses (a tasker's variant in one course says nothing of another)", () => {
    const even = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    const n = 10_000;
    let same = 0;
    for (let i = 0; i < n; i++) if (assignVariant('course-1', `t${i}`, even) === assignVariant('course-2', `t${i}`, even)) same++;
    // independent: agreement ~ 1/2
    expect(Math.abs(same - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
  });

  it('one variant takes everyone; none is an error', () => {
    expect(assignVariant('c', 't', [{ id: 'only', weight: 5 }])).toBe('only');
    expect(() => assignVariant('c', 't', [])).toThrow();
  });
});
