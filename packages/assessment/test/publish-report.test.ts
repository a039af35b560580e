// What publishing reports (issue 8 parts 5 and 6a): the items each skill draws from, by id prefix and tag, and
// the routing in plain words.
import { idPrefix, publishNotes, routingNotes, skillScopes } from '../src/catalog/publish-report';
import type { SnapshotSourceItem } from '../src';
import { publishedBlueprint, threeSkillBlueprint } from './fixtures/blueprints';

const item = (id: string, skill: string, tags: string[], status: SnapshotSourceItem['status'] = 'active'): SnapshotSourceItem => ({ id, skill, tags, status, model: '2PL', a: 1, b: 0 });

const bank: SnapshotSourceItem[] = [
  item('demo-wq-001', 'writing-quality', ['demo', 'tone']),
  item('demo-wq-002', 'writing-quality', ['demo']),
  item('acme-wq-001', 'writing-quality', ['acme', 'tone']),
  item('demo-wq-003', 'writing-quality', ['demo'], 'pilot'),
  item('demo-rg-001', 'rubric-grading', ['demo']),
  item('acme-rg-001', 'rubric-grading', ['acme']),
  item('demo-code-001', 'coding', ['demo']),
  item('demo-math-001', 'math', ['demo']),
];

describe('skillScopes', () => {
  it('counts the active items each skill uses, by id prefix and by tag, most first', () => {
    const [wq, rg, code] = skillScopes(publishedBlueprint(threeSkillBlueprint()), bank);
    expect(wq).toEqual({
      skill: 'writing-quality',
      items: 3,
      itemTags: null,
      sources: [{ prefix: 'demo-', items: 2 }, { prefix: 'acme-', items: 1 }],
      tags: [{ tag: 'demo', items: 2 }, { tag: 'tone', items: 2 }, { tag: 'acme', items: 1 }],
    });
    expect(rg?.sources).toEqual([{ prefix: 'acme-', items: 1 }, { prefix: 'demo-', items: 1 }]);
    expect(code).toMatchObject({ skill: 'coding', items: 1 });
  });

  it('follows itemTags: a skill filtered to a tag counts only those items', () => {
    const input = threeSkillBlueprint();
    (input.skills[0] as { itemTags?: string[] }).itemTags = ['acme'];
    const [wq] = skillScopes(publishedBlueprint(input), bank);
    expect(wq).toMatchObject({ items: 1, itemTags: ['acme'], sources: [{ prefix: 'acme-', items: 1 }] });
  });

  it('takes the prefix up to the first hyphen', () => {
    expect([idPrefix('demo-if-001'), idPrefix('if-001'), idPrefix('plain')]).toEqual(['demo-', 'if-', 'plain']);
  });
});

describe('publish notes', () => {
  it('say what each skill draws on, then the routing', () => {
    const bp = publishedBlueprint(threeSkillBlueprint());
    const notes = publishNotes(bp, skillScopes(bp, bank));
    expect(notes[0]).toBe('writing-quality draws on 3 items, every active item of the skill in the bank (no itemTags filter): 2 with id prefix "demo-" and 1 with id prefix "acme-".');
    expect(notes).toContain('Taskers failing exactly one general skill go to remedial:<the weakest of them>; failing 2 general skills or more, they are not qualified.');
    expect(notes).toContain('Taskers whose interval lies above an expert cut go to expert:coding when no general skill is below its generalist cut (the largest margin wins).');
  });

  it('one general skill: not qualified by default, remedial when asked for', () => {
    const one = (extra: Record<string, unknown> = {}) =>
      publishedBlueprint({ ...threeSkillBlueprint(), skills: [{ skill: 'writing-quality', kind: 'general', minItems: 1, maxItems: 3 }], cuts: { 'writing-quality': { generalist: 0 } }, ...extra });
    expect(routingNotes(one())).toEqual(['Taskers below the generalist cut on writing-quality are not qualified (remedial routing is off: routing.remedial.maxFailingSkills is 0).']);
    expect(routingNotes(one({ routing: { remedial: { maxFailingSkills: 1 } } }))).toEqual(['Taskers below the generalist cut on writing-quality go to remedial:writing-quality.']);
  });

  it('an empty skill says 0 items', () => {
    const bp = publishedBlueprint(threeSkillBlueprint());
    expect(publishNotes(bp, skillScopes(bp, []))[0]).toBe('writing-quality draws on 0 items, every active item of the skill in the bank (no itemTags filter).');
  });
});
