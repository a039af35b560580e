// Content constraints by item tag and per-skill item filters: validation, the checks against the bank at publish,
// what the snapshot keeps, the CAT config, and placements (simulated through the API's own steps) honouring them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBank } from '@theta/irt';
import { splitItem, validateItemBatch } from '../src/bank';
import {
  BLUEPRINT_LIMITS,
  blueprintBankIssues,
  compileSnapshot,
  snapshotItems,
  validateBlueprint,
  type Blueprint,
  type BlueprintError,
  type SnapshotSourceItem,
} from '../src/blueprints';
import type { PublishedBank } from '../src/catalog/published-bank';
import { catConfigFor } from '../src/placement/cat-config';
import { simulatePlacement } from '../src/placement/simulate-placement';
import { publishedBlueprint, threeSkillBlueprint, type Json } from './fixtures/blueprints';

const root = join(__dirname, '../../..');
const readJson = (path: string): Json => JSON.parse(readFileSync(join(root, path), 'utf8')) as Json;
const minimal = (): Json => threeSkillBlueprint();
const valid = publishedBlueprint;

function errorsOf(input: unknown): BlueprintError[] {
  const r = validateBlueprint(input);
  if (r.ok) throw new Error('expected the blueprint to be rejected');
  return r.errors;
}

describe('validateBlueprint: content constraints and item filters', () => {
  test('accepts tag constraints and per-skill item tags, and keeps them as given', () => {
    const input = minimal();
    (input.skills as Json[])[1]!.itemTags = ['acme', 'acme-rubric'];
    input.content = [
      { tag: 'acme', minItems: 2 },
      { tag: 'python', maxItems: 0 },
      { tag: 'math', targetShare: 0.2 },
    ];
    const b = valid(input);
    expect(b.skills[1]!.itemTags).toEqual(['acme', 'acme-rubric']);
    expect(b.content).toEqual([{ tag: 'acme', minItems: 2 }, { tag: 'python', maxItems: 0 }, { tag: 'math', targetShare: 0.2 }]);
  });

  test('a blueprint without them has no content field at all (older published content keeps comparing equal)', () => {
    expect('content' in valid(minimal())).toBe(false);
  });

  const cases: { name: string; edit: (x: Json & { skills: Json[] }) => void; path: string; message: RegExp }[] = [
    { name: 'tag not a slug', edit: (x) => (x.content = [{ tag: 'Acme Rubric', minItems: 1 }]), path: 'content[0].tag', message: /lowercase slug/ },
    { name: 'missing tag', edit: (x) => (x.content = [{ minItems: 1 }]), path: 'content[0].tag', message: /^is required$/ },
    { name: 'unknown field', edit: (x) => (x.content = [{ tag: 'acme', min: 1 }]), path: 'content[0].min', message: /unknown field 'min'/ },
    { name: 'negative minItems', edit: (x) => (x.content = [{ tag: 'acme', minItems: -1 }]), path: 'content[0].minItems', message: /≥ 0/ },
    { name: 'fractional maxItems', edit: (x) => (x.content = [{ tag: 'acme', maxItems: 1.5 }]), path: 'content[0].maxItems', message: /integer/ },
    { name: 'targetShare above 1', edit: (x) => (x.content = [{ tag: 'acme', targetShare: 1.5 }]), path: 'content[0].targetShare', message: /≤ 1/ },
    { name: 'constrains nothing', edit: (x) => (x.content = [{ tag: 'acme' }]), path: 'content[0]', message: /minItems, maxItems or targetShare/ },
    { name: 'min > max', edit: (x) => (x.content = [{ tag: 'acme', minItems: 4, maxItems: 2 }]), path: 'content[0].minItems', message: /≤ maxItems \(2\); got 4/ },
    { name: 'min > test length', edit: (x) => (x.content = [{ tag: 'acme', minItems: 10 }]), path: 'content[0].minItems', message: /cat\.stopping\.maxItems 9/ },
    { name: 'target with max 0', edit: (x) => (x.content = [{ tag: 'acme', maxItems: 0, targetShare: 0.1 }]), path: 'content[0].targetShare', message: /maxItems 0/ },
    {
      name: 'the same tag twice',
      edit: (x) => (x.content = [{ tag: 'acme', minItems: 1 }, { tag: 'acme', maxItems: 3 }]),
      path: 'content[1].tag',
      message: /duplicate constraint for tag "acme" \(also at content\[0\]\)/,
    },
    { name: 'empty itemTags', edit: (x) => (x.skills[0]!.itemTags = []), path: 'skills[0].itemTags', message: /at least 1/ },
    { name: 'itemTags repeat', edit: (x) => (x.skills[0]!.itemTags = ['acme', 'acme']), path: 'skills[0].itemTags[1]', message: /duplicate tag "acme"/ },
  ];
  test.each(cases)('$name → $path', ({ edit, path, message }) => {
    const x = minimal() as Json & { skills: Json[] };
    edit(x);
    const errors = errorsOf(x);
    expect(errors.map((e) => e.path)).toContain(path);
    expect(errors.find((e) => e.path === path)?.message).toMatch(message);
  });
});

describe('validateBlueprint: skills per blueprint fit one completion transaction', () => {
  const withSkills = (n: number): Json => {
    const skills = Array.from({ length: n }, (_, i) => ({ skill: `skill-${i}`, kind: 'general', minItems: 1, maxItems: 2 }));
    return {
      ...minimal(),
      skills,
      cuts: Object.fromEntries(skills.map((s) => [s.skill, { generalist: 0 }])),
      cat: { estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 2, maxItems: 60 } },
    };
  };

  test(`${BLUEPRINT_LIMITS.maxSkills} skills are accepted`, () => {
    expect(validateBlueprint(withSkills(BLUEPRINT_LIMITS.maxSkills)).ok).toBe(true);
  });

  test(`${BLUEPRINT_LIMITS.maxSkills + 1} skills are rejected at "skills", saying why`, () => {
    const errors = errorsOf(withSkills(BLUEPRINT_LIMITS.maxSkills + 1));
    expect(errors).toEqual([{ path: 'skills', message: expect.stringMatching(/at most 20 entries: completing a placement/) }]);
  });

  test('48 skills (which could never complete a placement) are rejected', () => {
    expect(errorsOf(withSkills(48)).map((e) => e.path)).toEqual(['skills']);
  });
});

/** A small bank: writing-quality and rubric-grading are general, coding is a domain skill. */
const bank: SnapshotSourceItem[] = [
  { id: 'wq-1', model: '2PL', a: 1.1, b: 0.3, skill: 'writing-quality', status: 'active', tags: ['tone', 'acme'] },
  { id: 'wq-2', model: '2PL', a: 0.9, b: -0.5, skill: 'writing-quality', status: 'active', tags: ['clarity'] },
  { id: 'wq-3', model: '2PL', a: 1.2, b: 0.1, skill: 'writing-quality', status: 'active' },
  { id: 'wq-4', model: '2PL', a: 1.2, b: 0.1, skill: 'writing-quality', status: 'pilot', tags: ['pilot-only'] },
  { id: 'rg-1', model: 'GRM', a: 1.3, thresholds: [-1, 0, 1.2], skill: 'rubric-grading', status: 'active', tags: ['acme'] },
  { id: 'rg-2', model: '2PL', a: 1.0, b: 0.4, skill: 'rubric-grading', status: 'active', tags: ['acme', 'tone'] },
  { id: 'rg-3', model: '2PL', a: 1.0, b: -0.4, skill: 'rubric-grading', status: 'active', tags: ['general-rubric'] },
  { id: 'code-1', model: '2PL', a: 1.6, b: 0.9, skill: 'coding', status: 'active', tags: ['python'] },
  { id: 'code-2', model: '2PL', a: 1.0, b: 1.2, skill: 'coding', status: 'active', tags: ['python'] },
  { id: 'math-1', model: '2PL', a: 1.0, b: 0.2, skill: 'math', status: 'active', tags: ['only-math'] },
];

function bankIssues(edit: (x: Json & { skills: Json[] }) => void): BlueprintError[] {
  const x = minimal() as Json & { skills: Json[] };
  edit(x);
  return blueprintBankIssues(valid(x) as Blueprint, bank);
}

describe('blueprintBankIssues: the tags a blueprint names must exist, and its constraints be satisfiable', () => {
  test('a blueprint whose tags the bank carries has no issues', () => {
    expect(
      bankIssues((x) => {
        x.skills[1]!.itemTags = ['acme'];
        x.content = [{ tag: 'acme', minItems: 2 }, { tag: 'tone', maxItems: 1 }];
      }),
    ).toEqual([]);
  });

  test('a content tag no used item carries → content[i].tag (pilot items, other skills and filtered items do not count)', () => {
    const issues = bankIssues((x) => {
      x.skills[1]!.itemTags = ['acme'];
      x.content = [
        { tag: 'acme', minItems: 1 },
        { tag: 'pilot-only', minItems: 1 },
        { tag: 'only-math', maxItems: 1 },
        { tag: 'general-rubric', targetShare: 0.1 },
        { tag: 'typo', maxItems: 2 },
      ];
    });
    expect(issues.map((e) => e.path)).toEqual(['content[1].tag', 'content[2].tag', 'content[3].tag', 'content[4].tag']);
    expect(issues[3]!.message).toBe('no item this blueprint uses carries tag "typo" (active items of its skills, after their itemTags filters)');
  });

  test('an itemTags tag no active item of the skill carries → skills[i].itemTags[k]', () => {
    const issues = bankIssues((x) => (x.skills[1]!.itemTags = ['acme', 'acm', 'python']));
    expect(issues).toEqual([
      { path: 'skills[1].itemTags[1]', message: 'no active item of skill "rubric-grading" carries tag "acm"' },
      { path: 'skills[1].itemTags[2]', message: 'no active item of skill "rubric-grading" carries tag "python"' },
    ]);
  });

  test('a minimum the general skills cannot reach → content[i].minItems; with includeDomainsFrom "all" domain items count', () => {
    // python items are coding items: a tasker who did not declare coding never sees one
    const declared = bankIssues((x) => (x.content = [{ tag: 'python', minItems: 1 }]));
    expect(declared.map((e) => e.path)).toEqual(['content[0].minItems']);
    expect(declared[0]!.message).toMatch(/at most 0: the tagged items of its general skills/);
    expect(bankIssues((x) => ((x.content = [{ tag: 'python', minItems: 2 }]), (x.includeDomainsFrom = 'all')))).toEqual([]);
  });

  test('the reachable count is capped by each skill’s maxItems', () => {
    // acme: 1 writing-quality item + 2 rubric-grading items, but rubric-grading gives at most 1
    const issues = bankIssues((x) => {
      x.skills[1]!.maxItems = 1;
      x.content = [{ tag: 'acme', minItems: 3 }];
    });
    expect(issues).toEqual([{ path: 'content[0].minItems', message: expect.stringContaining('at most 2') }]);
    expect(bankIssues((x) => ((x.skills[1]!.maxItems = 1), (x.content = [{ tag: 'acme', minItems: 2 }])))).toEqual([]);
  });

  test('a target share on a tag only domain skills carry → content[i].targetShare', () => {
    expect(bankIssues((x) => (x.content = [{ tag: 'python', targetShare: 0.2 }])).map((e) => e.path)).toEqual(['content[0].targetShare']);
  });

  test('a maximum that would starve a skill of its minItems → content[i].maxItems', () => {
    // rubric-grading has 1 item without "acme" and needs 3: at least 2 acme items are unavoidable
    const issues = bankIssues((x) => {
      x.skills[1]!.minItems = 3;
      x.content = [{ tag: 'acme', maxItems: 1 }];
    });
    expect(issues).toEqual([{ path: 'content[0].maxItems', message: 'is 1, but the skills\' minItems cannot be met with fewer than 2 items tagged "acme"' }]);
    expect(bankIssues((x) => ((x.skills[1]!.minItems = 3), (x.content = [{ tag: 'acme', maxItems: 2 }])))).toEqual([]);
  });
});

describe('compileSnapshot: tags and item filters', () => {
  const tagged = (): Json => {
    const x = minimal() as Json & { skills: Json[] };
    x.content = [{ tag: 'tone', maxItems: 1 }, { tag: 'acme', minItems: 2 }];
    return x;
  };

  test('keeps, per item, only the tags the constraints name, as indices into snapshot.tags', () => {
    const snap = compileSnapshot(valid(tagged()), bank);
    expect(snap.tags).toEqual(['tone', 'acme']);
    expect(snap.items.ids).toEqual(['code-1', 'code-2', 'rg-1', 'rg-2', 'rg-3', 'wq-1', 'wq-2', 'wq-3']);
    expect(snap.items.tags).toEqual([[], [], [1], [0, 1], [], [0, 1], [], []]);
  });

  test('snapshotItems gives each engine item its constraint tags', () => {
    const items = snapshotItems(compileSnapshot(valid(tagged()), bank));
    expect(Object.fromEntries(items.map((i) => [i.id, i.tags]))).toEqual({
      'code-1': [],
      'code-2': [],
      'rg-1': ['acme'],
      'rg-2': ['tone', 'acme'],
      'rg-3': [],
      'wq-1': ['tone', 'acme'],
      'wq-2': [],
      'wq-3': [],
    });
  });

  test('without content constraints the snapshot carries no tags (and its version is what it was before tags existed)', () => {
    const snap = compileSnapshot(valid(minimal()), bank);
    expect('tags' in snap).toBe(false);
    expect('tags' in snap.items).toBe(false);
    expect(snapshotItems(snap).every((i) => i.tags === undefined)).toBe(true);
    // the same bank with no tags at all compiles to the same version
    expect(compileSnapshot(valid(minimal()), bank.map(({ tags: _t, ...rest }) => rest as SnapshotSourceItem)).snapshotVersion).toBe(snap.snapshotVersion);
  });

  test('the version changes with a constraint tag on an item, not with a tag no constraint names', () => {
    const base = compileSnapshot(valid(tagged()), bank).snapshotVersion;
    const retag = (id: string, tags: string[]) => bank.map((i) => (i.id === id ? { ...i, tags } : i));
    expect(compileSnapshot(valid(tagged()), retag('wq-2', ['clarity', 'unrelated'])).snapshotVersion).toBe(base);
    expect(compileSnapshot(valid(tagged()), retag('wq-2', ['clarity', 'acme'])).snapshotVersion).not.toBe(base);
  });

  test('itemTags keeps only the items of that skill carrying one of the tags; other skills are untouched', () => {
    const x = minimal() as Json & { skills: Json[] };
    x.skills[1]!.itemTags = ['acme'];
    const snap = compileSnapshot(valid(x), bank);
    expect(snap.items.ids).toEqual(['code-1', 'code-2', 'rg-1', 'rg-2', 'wq-1', 'wq-2', 'wq-3']);
  });

  test('a filter that leaves a skill short is infeasible', () => {
    const x = minimal() as Json & { skills: Json[] };
    x.skills[1]!.itemTags = ['general-rubric'];
    x.skills[1]!.minItems = 2;
    expect(() => compileSnapshot(valid(x), bank)).toThrow(/rubric-grading has 1, needs 2/);
  });
});

describe('catConfigFor: content constraints reach the engine', () => {
  test('every tag constraint is passed with its min, max and target, after the skill constraints', () => {
    const x = minimal();
    x.content = [{ tag: 'acme', minItems: 2 }, { tag: 'tone', maxItems: 1, targetShare: 0.25 }];
    const bp = valid(x);
    const config = catConfigFor(bp, compileSnapshot(bp, bank), ['writing-quality', 'rubric-grading']);
    expect(config.blueprint?.constraints).toEqual([
      { skill: 'writing-quality', min: 1, max: 3 },
      { skill: 'rubric-grading', min: 1, max: 3 },
      { tag: 'acme', min: 2 },
      { tag: 'tone', max: 1, target: 0.25 },
    ]);
  });
});

describe('placements honour content constraints (the demo bank, simulated through the API steps)', () => {
  const batch = (() => {
    const r = validateItemBatch(readJson('packages/local/seed/items.json'));
    if (!r.ok) throw new Error('seed bank invalid');
    return r.batch;
  })();
  const source: SnapshotSourceItem[] = batch.items.map((i) => ({ ...splitItem(i).params, skill: i.skill, status: i.status, version: 1 }));
  const tagsOf = new Map(batch.items.map((i) => [i.id, i.tags]));

  function publishedBank(content: Json[] | undefined): PublishedBank {
    const input = { ...readJson('packages/local/seed/blueprints/general-placement.json'), ...(content ? { content } : {}) };
    const blueprint = valid(input);
    expect(blueprintBankIssues(blueprint, source)).toEqual([]);
    const snapshot = compileSnapshot(blueprint, source, batch.enemies);
    return { blueprint, snapshot, compiled: compileBank(snapshotItems(snapshot)), itemVersions: new Map(snapshot.items.ids.map((id) => [id, 1])) };
  }

  /** items tagged `tag` in each of `n` placements of simulees spread over θ ∈ [−2, 2] answering by a coin per item */
  function taggedCounts(bank: PublishedBank, tag: string, n: number): number[] {
    return Array.from({ length: n }, (_, k) => {
      let seed = k * 7919 + 13;
      const coin = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 < 0.5 ? 1 : 0);
      const run = simulatePlacement(bank, { placementId: `content-${k}`, profile: { declaredDomains: [], educationLevel: 'master' }, respond: coin });
      return run.items.filter((id) => tagsOf.get(id)?.includes(tag)).length;
    });
  }

  const N = 40;
  test('without a constraint, some placements give fewer than 3 "source-grounding" items (so the next test can fail)', () => {
    expect(Math.min(...taggedCounts(publishedBank(undefined), 'source-grounding', N))).toBeLessThan(3);
  });

  test('minItems 3: every placement gives at least 3 "source-grounding" items', () => {
    expect(Math.min(...taggedCounts(publishedBank([{ tag: 'source-grounding', minItems: 3 }]), 'source-grounding', N))).toBeGreaterThanOrEqual(3);
  });

  test('without a constraint, some placements give "format-constraint" items; maxItems 0 excludes them', () => {
    expect(Math.max(...taggedCounts(publishedBank(undefined), 'format-constraint', N))).toBeGreaterThan(0);
    expect(Math.max(...taggedCounts(publishedBank([{ tag: 'format-constraint', maxItems: 0 }]), 'format-constraint', N))).toBe(0);
  });
});
