import { UnprocessableError } from '../src/errors';
import { publishedBlueprint, threeSkillBlueprint } from './fixtures/blueprints';
import {
  compileSnapshot,
  snapshotItems,
  type BankSnapshot,
  type PublishedBlueprint,
  type SnapshotSourceItem,
} from '../src/blueprints';

function blueprint(version = 1): PublishedBlueprint {
  const input = threeSkillBlueprint('snap');
  (input.skills[2] as { minItems: number }).minItems = 2;
  return publishedBlueprint(input, version);
}

const bank: SnapshotSourceItem[] = [
  { id: 'wq-002', model: '2PL', a: 1.1, b: 0.3, skill: 'writing-quality', status: 'active' },
  { id: 'wq-001', model: '3PL', a: 0.9, b: -0.5, c: 0.2, skill: 'writing-quality', status: 'active' },
  { id: 'wq-003', model: '2PL', a: 1.4, b: 1.0, skill: 'writing-quality', status: 'pilot' },
  { id: 'wq-004', model: '2PL', a: 1.2, b: 0.1, skill: 'writing-quality', status: 'retired' },
  { id: 'rg-001', model: 'GRM', a: 1.3, thresholds: [-1, 0, 1.2], skill: 'rubric-grading', status: 'active' },
  { id: 'code-014', model: '4PL', a: 1.6, b: 0.9, c: 0.1, d: 0.95, skill: 'coding', status: 'active' },
  { id: 'code-015', model: '1PL', a: 1, b: 1.2, skill: 'coding', status: 'active' },
  { id: 'code-016', model: '2PL', a: 1, b: 1.5, skill: 'coding', status: 'pilot' },
  { id: 'math-001', model: '2PL', a: 1, b: 0.2, skill: 'math', status: 'active' },
  { id: 'sp-001', model: '2PL', a: 1, b: 0.2, skill: 'safety-policy', status: 'active' },
];

const enemies = [
  ['code-014', 'code-015'],
  ['wq-001', 'wq-003'], // wq-003 is pilot: group shrinks to one member and is dropped
  ['wq-002', 'math-001', 'wq-001'], // math-001 is outside the blueprint: group keeps wq-001, wq-002
];

describe('compileSnapshot: content', () => {
  const snap = compileSnapshot(blueprint(), bank, enemies);

  test('only active items of the blueprint skills, sorted by id, in aligned columns', () => {
    expect(snap.blueprintId).toBe('snap');
    expect(snap.blueprintVersion).toBe(1);
    expect(snap.skills).toEqual(['writing-quality', 'rubric-grading', 'coding']);
    expect(snap.items).toEqual({
      ids: ['code-014', 'code-015', 'rg-001', 'wq-001', 'wq-002'],
      skill: [2, 2, 1, 0, 0],
      model: ['4PL', '1PL', 'GRM', '3PL', '2PL'],
      a: [1.6, 1, 1.3, 0.9, 1.1],
      b: [0.9, 1.2, 0, -0.5, 0.3],
      c: [0.1, 0, 0, 0.2, 0],
      d: [0.95, 1, 1, 1, 1],
      thresholds: [[], [], [-1, 0, 1.2], [], []],
      versions: [0, 0, 0, 0, 0],
    });
  });

  test('enemy groups are restricted to snapshot items, sorted, and groups of fewer than two are dropped', () => {
    expect(snap.enemies).toEqual([
      ['code-014', 'code-015'],
      ['wq-001', 'wq-002'],
    ]);
  });

  test('snapshotItems gives the engine items back', () => {
    expect(snapshotItems(snap)).toEqual([
      { id: 'code-014', model: '4PL', a: 1.6, b: 0.9, c: 0.1, d: 0.95, skill: 'coding' },
      { id: 'code-015', model: '1PL', a: 1, b: 1.2, c: 0, d: 1, skill: 'coding' },
      { id: 'rg-001', model: 'GRM', a: 1.3, thresholds: [-1, 0, 1.2], skill: 'rubric-grading' },
      { id: 'wq-001', model: '3PL', a: 0.9, b: -0.5, c: 0.2, d: 1, skill: 'writing-quality' },
      { id: 'wq-002', model: '2PL', a: 1.1, b: 0.3, c: 0, d: 1, skill: 'writing-quality' },
    ]);
  });

  test('the snapshot is plain JSON and survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.snapshotVersion).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('compileSnapshot: the version changes iff the content changes', () => {
  const base = compileSnapshot(blueprint(), bank, enemies).snapshotVersion;
  const versionOf = (items: SnapshotSourceItem[], groups: string[][] = enemies, bp = blueprint()) =>
    compileSnapshot(bp, items, groups).snapshotVersion;
  const edit = (id: string, patch: Partial<SnapshotSourceItem>) =>
    bank.map((i) => (i.id === id ? ({ ...i, ...patch } as SnapshotSourceItem) : i));

  test.each<[string, () => string]>([
    ['the same input again', () => versionOf(bank)],
    ['items in another order', () => versionOf([...bank].reverse())],
    ['enemy groups in another order, members shuffled', () => versionOf(bank, [['wq-001', 'math-001', 'wq-002'], ['code-015', 'code-014']])],
    ['a pilot item changes', () => versionOf(edit('wq-003', { a: 2.2 }))],
    ['a retired item changes', () => versionOf(edit('wq-004', { b: -2 }))],
    ['an item of another skill changes', () => versionOf(edit('math-001', { b: 1.7 }))],
    ['a pilot item is added', () => versionOf([...bank, { id: 'wq-009', model: '2PL', a: 1, b: 0, skill: 'writing-quality', status: 'pilot' }])],
    ['an enemy group names only items outside the snapshot', () => versionOf(bank, [...enemies, ['math-001', 'sp-001']])],
    ['an explicit default c = 0 on a 2PL item', () => versionOf(edit('wq-002', { c: 0 } as Partial<SnapshotSourceItem>))],
  ])('unchanged when %s', (_name, compute) => {
    expect(compute()).toBe(base);
  });

  test.each<[string, () => string]>([
    ['an active item parameter changes', () => versionOf(edit('wq-002', { a: 1.2 }))],
    ['a GRM threshold changes', () => versionOf(edit('rg-001', { thresholds: [-1, 0, 1.3] } as Partial<SnapshotSourceItem>))],
    ['an item is activated', () => versionOf(edit('wq-003', { status: 'active' }))],
    ['an active item is retired', () => versionOf(edit('wq-002', { status: 'retired' }))],
    ['an active item moves to another blueprint skill', () => versionOf(edit('wq-002', { skill: 'rubric-grading' }))],
    ['an enemy group among snapshot items is added', () => versionOf(bank, [...enemies, ['rg-001', 'wq-002']])],
    ['the blueprint version changes', () => versionOf(bank, enemies, blueprint(2))],
  ])('changes when %s', (_name, compute) => {
    expect(compute()).not.toBe(base);
  });
});

describe('compileSnapshot: refusals', () => {
  function caught(fn: () => BankSnapshot): UnprocessableError {
    try {
      fn();
    } catch (e) {
      if (e instanceof UnprocessableError) return e;
      throw e;
    }
    throw new Error('expected a throw');
  }

  test('a skill with fewer active items than its minimum', () => {
    const onlyOneCoding = bank.filter((i) => i.id !== 'code-015');
    const e = caught(() => compileSnapshot(blueprint(), onlyOneCoding));
    expect(e.code).toBe('infeasible_blueprint');
    expect(e.details).toEqual({ shortfalls: [{ skill: 'coding', required: 2, available: 1 }] });
  });

  test('a skill with no active item even when its minimum is 0', () => {
    const bp = blueprint();
    bp.skills = bp.skills.map((s) => (s.skill === 'rubric-grading' ? { ...s, minItems: 0 } : s));
    const e = caught(() => compileSnapshot(bp, bank.filter((i) => i.skill !== 'rubric-grading')));
    expect(e.details).toEqual({ shortfalls: [{ skill: 'rubric-grading', required: 1, available: 0 }] });
  });

  test('duplicate item ids in the source', () => {
    const e = caught(() => compileSnapshot(blueprint(), [...bank, { ...bank[0]! }]));
    expect(e.code).toBe('duplicate_item_id');
  });
});
