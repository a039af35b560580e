import { validateItemBatch, type ItemError } from '../src/bank';

// ---- fixtures: one valid item per model ------------------------------------------------------------------

type Json = Record<string, unknown>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const choiceContent = {
  stem: 'Which response follows every constraint?',
  options: [
    { id: 'A', text: 'Response A' },
    { id: 'B', text: 'Response B', errorTag: 'missed-constraint' },
    { id: 'C', text: 'Response C', errorTag: 'preferred-longer' },
  ],
  explanation: 'A keeps the word limit.',
};

const item2PL: Json = {
  id: 'if-001',
  skill: 'instruction-following',
  tags: ['format-constraint'],
  status: 'active',
  model: '2PL',
  a: 1.2,
  b: -0.3,
  content: choiceContent,
  key: { type: 'choice', correct: 'A' },
};
const item1PL: Json = { ...item2PL, id: 'if-002', model: '1PL', a: undefined, b: 0.4 };
const item3PL: Json = { ...item2PL, id: 'if-003', model: '3PL', c: 0.2 };
const item4PL: Json = { ...item2PL, id: 'if-004', model: '4PL', c: 0.1, d: 0.95 };
const itemGRM: Json = {
  id: 'rg-001',
  skill: 'rubric-grading',
  tags: [],
  status: 'pilot',
  model: 'GRM',
  a: 1.1,
  thresholds: [-1, 0.2, 1.4],
  content: {
    stem: 'Score this response against the rubric (0-3).',
    options: [
      { id: '0', text: 'Score 0', errorTag: 'too-harsh' },
      { id: '1', text: 'Score 1', errorTag: 'too-harsh' },
      { id: '2', text: 'Score 2', errorTag: 'too-lenient' },
      { id: '3', text: 'Score 3' },
    ],
    explanation: 'It meets every criterion.',
  },
  key: { type: 'scored', scores: { '0': 0, '1': 1, '2': 2, '3': 3 } },
};
const itemGPCM: Json = { ...itemGRM, id: 'rg-002', model: 'GPCM', thresholds: [0.5, -0.4, 1.0] };

function withItem(item: Json): unknown {
  return { items: [JSON.parse(JSON.stringify(item)) as Json] };
}

/** deep copy of `base` with `edit` applied */
function variant(base: Json, edit: (x: Json) => void): Json {
  const x = clone(base);
  edit(x);
  return x;
}

const opt = (x: Json, j: number): Json => ((x.content as Json).options as Json[])[j] as Json;

function errorsOf(input: unknown): ItemError[] {
  const r = validateItemBatch(input);
  if (r.ok) throw new Error('expected the batch to be rejected');
  return r.errors;
}

// ---- valid batches ------------------------------------------------------------------------------------------

describe('validateItemBatch: valid input', () => {
  test('accepts one item of every model, with enemies, and fills the defaults', () => {
    const noTags = variant(item2PL, (x) => {
      x.id = 'if-005';
      delete x.tags;
    });
    const r = validateItemBatch({
      items: [item2PL, item1PL, item3PL, item4PL, itemGRM, itemGPCM, noTags],
      enemies: [['if-001', 'if-002'], ['rg-001', 'rg-002', 'if-003']],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batch.items.map((i) => i.id)).toEqual(['if-001', 'if-002', 'if-003', 'if-004', 'rg-001', 'rg-002', 'if-005']);
    expect(r.batch.enemies).toEqual([['if-001', 'if-002'], ['rg-001', 'rg-002', 'if-003']]);
    // 1PL without a: common discrimination 1
    expect(r.batch.items[1]).toMatchObject({ model: '1PL', a: 1, b: 0.4 });
    // tags default to []
    expect(r.batch.items[6]?.tags).toEqual([]);
    expect(r.batch.items[4]).toMatchObject({ model: 'GRM', thresholds: [-1, 0.2, 1.4], key: { type: 'scored' } });
  });

  test('enemies are optional and default to []', () => {
    const r = validateItemBatch({ items: [item2PL] });
    expect(r.ok && r.batch.enemies).toEqual([]);
  });

  test('1PL may give a common discrimination', () => {
    const r = validateItemBatch(withItem({ ...item1PL, a: 1.7 }));
    expect(r.ok && r.batch.items[0]?.a).toBe(1.7);
  });

  test('GPCM step difficulties need not be ordered', () => {
    expect(validateItemBatch(withItem(itemGPCM)).ok).toBe(true);
  });

  test('several options may share a score, and only the full-score ones are untagged', () => {
    const item = variant(itemGRM, (x) => {
      x.thresholds = [0, 1];
      x.key = { type: 'scored', scores: { '0': 0, '1': 1, '2': 2, '3': 2 } };
      delete opt(x, 2).errorTag;
    });
    expect(validateItemBatch(withItem(item)).ok).toBe(true);
  });
});

// ---- one bad item per rule --------------------------------------------------------------------------------

interface Case {
  name: string;
  item: Json;
  path: string;
  message: RegExp;
}

const long = (n: number) => 'x'.repeat(n);

const shapeCases: Case[] = [
  { name: 'id with capitals', item: { ...item2PL, id: 'IF-001' }, path: 'items[0].id', message: /lowercase letters, digits or hyphens/ },
  { name: 'id of 65 characters', item: { ...item2PL, id: 'a'.repeat(65) }, path: 'items[0].id', message: /1\.\.64/ },
  { name: 'missing skill', item: { ...item2PL, skill: undefined }, path: 'items[0].skill', message: /^is required$/ },
  { name: 'skill not a slug', item: { ...item2PL, skill: 'Instruction_Following' }, path: 'items[0].skill', message: /lowercase slug/ },
  { name: 'skill with a double hyphen', item: { ...item2PL, skill: 'instruction--following' }, path: 'items[0].skill', message: /lowercase slug/ },
  {
    name: '11 tags',
    item: { ...item2PL, tags: Array.from({ length: 11 }, (_, k) => `t${k}`) },
    path: 'items[0].tags',
    message: /at most 10/,
  },
  { name: 'tag not a slug', item: { ...item2PL, tags: ['Format'] }, path: 'items[0].tags[0]', message: /lowercase slug/ },
  { name: 'unknown status', item: { ...item2PL, status: 'draft' }, path: 'items[0].status', message: /one of "pilot", "active", "retired"/ },
  { name: 'unknown model', item: { ...item2PL, model: '5PL' }, path: 'items[0].model', message: /one of "1PL"/ },
  { name: 'a = 0', item: { ...item2PL, a: 0 }, path: 'items[0].a', message: /must be > 0/ },
  { name: 'a > 5', item: { ...item2PL, a: 5.01 }, path: 'items[0].a', message: /must be ≤ 5/ },
  { name: 'a as a string', item: { ...item2PL, a: '1.2' }, path: 'items[0].a', message: /must be a number \(got string\)/ },
  { name: 'b > 6', item: { ...item2PL, b: 6.5 }, path: 'items[0].b', message: /must be ≤ 6/ },
  { name: 'b < -6', item: { ...item2PL, b: -6.5 }, path: 'items[0].b', message: /must be ≥ -6/ },
  { name: 'c = 0.5', item: { ...item3PL, c: 0.5 }, path: 'items[0].c', message: /must be < 0.5/ },
  { name: 'c < 0', item: { ...item3PL, c: -0.1 }, path: 'items[0].c', message: /must be ≥ 0/ },
  { name: 'd = 0.5', item: { ...item4PL, d: 0.5 }, path: 'items[0].d', message: /must be > 0.5/ },
  { name: 'd > 1', item: { ...item4PL, d: 1.01 }, path: 'items[0].d', message: /must be ≤ 1/ },
  { name: 'no thresholds', item: { ...itemGRM, thresholds: [] }, path: 'items[0].thresholds', message: /at least 1/ },
  {
    name: '10 thresholds',
    item: variant(itemGRM, (x) => {
      x.thresholds = [-4.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5];
      x.key = { type: 'scored', scores: { '0': 0, '1': 1, '2': 2, '3': 10 } };
    }),
    path: 'items[0].thresholds',
    message: /at most 9/,
  },
  { name: 'empty stem', item: variant(item2PL, (x) => ((x.content as Json).stem = '')), path: 'items[0].content.stem', message: /must not be empty/ },
  {
    name: 'stem of 8001 characters',
    item: variant(item2PL, (x) => ((x.content as Json).stem = long(8001))),
    path: 'items[0].content.stem',
    message: /at most 8000 characters/,
  },
  {
    name: 'explanation of 8001 characters',
    item: variant(item2PL, (x) => ((x.content as Json).explanation = long(8001))),
    path: 'items[0].content.explanation',
    message: /at most 8000 characters/,
  },
  {
    name: 'missing explanation',
    item: variant(item2PL, (x) => delete (x.content as Json).explanation),
    path: 'items[0].content.explanation',
    message: /^is required$/,
  },
  {
    name: 'one option',
    item: variant(item2PL, (x) => ((x.content as Json).options = [{ id: 'A', text: 'only' }])),
    path: 'items[0].content.options',
    message: /at least 2/,
  },
  {
    name: 'nine options',
    item: variant(item2PL, (x) => {
      (x.content as Json).options = [
        { id: 'A', text: 'a' },
        ...'BCDEFGHI'.split('').map((id) => ({ id, text: id, errorTag: 'missed-constraint' })),
      ];
    }),
    path: 'items[0].content.options',
    message: /at most 8/,
  },
  { name: 'option id of 9 characters', item: variant(item2PL, (x) => (opt(x, 2).id = 'ABCDEFGHI')), path: 'items[0].content.options[2].id', message: /1\.\.8/ },
  { name: 'empty option text', item: variant(item2PL, (x) => (opt(x, 1).text = '')), path: 'items[0].content.options[1].text', message: /must not be empty/ },
  {
    name: 'option text of 4001 characters',
    item: variant(item2PL, (x) => (opt(x, 1).text = long(4001))),
    path: 'items[0].content.options[1].text',
    message: /at most 4000 characters/,
  },
  { name: 'error tag not a slug', item: variant(item2PL, (x) => (opt(x, 1).errorTag = 'Missed Constraint')), path: 'items[0].content.options[1].errorTag', message: /lowercase slug/ },
  { name: 'unknown item field', item: { ...item2PL, difficulty: 0.3 }, path: 'items[0].difficulty', message: /unknown field 'difficulty'/ },
  { name: 'unknown option field', item: variant(item2PL, (x) => (opt(x, 0).correct = true)), path: 'items[0].content.options[0].correct', message: /unknown field/ },
  { name: 'unknown key type', item: { ...item2PL, key: { type: 'multi', correct: 'A' } }, path: 'items[0].key.type', message: /one of "choice", "scored"/ },
  {
    name: 'non-integer score',
    item: variant(itemGRM, (x) => ((x.key as Json).scores = { '0': 0, '1': 1.5, '2': 2, '3': 3 })),
    path: 'items[0].key.scores.1',
    message: /must be an integer/,
  },
  {
    name: 'negative score',
    item: variant(itemGRM, (x) => ((x.key as Json).scores = { '0': -1, '1': 1, '2': 2, '3': 3 })),
    path: 'items[0].key.scores.0',
    message: /must be ≥ 0/,
  },
];

const ruleCases: Case[] = [
  { name: 'duplicate tag', item: { ...item2PL, tags: ['a-b', 'c', 'a-b'] }, path: 'items[0].tags[2]', message: /duplicate tag "a-b" \(also at tags\[0\]\)/ },
  { name: '2PL without a', item: { ...item2PL, a: undefined }, path: 'items[0].a', message: /required for 2PL items/ },
  { name: '2PL without b', item: { ...item2PL, b: undefined }, path: 'items[0].b', message: /required for 2PL items/ },
  { name: '1PL without b', item: { ...item1PL, b: undefined }, path: 'items[0].b', message: /required for 1PL items/ },
  { name: '2PL with thresholds', item: { ...item2PL, thresholds: [0, 1] }, path: 'items[0].thresholds', message: /only for polytomous items/ },
  { name: '2PL with c', item: { ...item2PL, c: 0.2 }, path: 'items[0].c', message: /only allowed for 3PL and 4PL/ },
  { name: '1PL with c', item: { ...item1PL, c: 0.2 }, path: 'items[0].c', message: /only allowed for 3PL and 4PL/ },
  { name: '1PL with d', item: { ...item1PL, d: 0.9 }, path: 'items[0].d', message: /only allowed for 4PL/ },
  { name: '3PL with d', item: { ...item3PL, d: 0.9 }, path: 'items[0].d', message: /only allowed for 4PL/ },
  { name: 'GRM without thresholds', item: { ...itemGRM, thresholds: undefined }, path: 'items[0].thresholds', message: /required for GRM items/ },
  { name: 'GRM without a', item: { ...itemGRM, a: undefined }, path: 'items[0].a', message: /required for GRM items/ },
  { name: 'GPCM with b', item: { ...itemGPCM, b: 0 }, path: 'items[0].b', message: /only for dichotomous items/ },
  { name: 'GRM with c', item: { ...itemGRM, c: 0.1 }, path: 'items[0].c', message: /only for dichotomous items/ },
  {
    name: 'GRM thresholds not strictly increasing (tie)',
    item: { ...itemGRM, thresholds: [-1, 0.5, 0.5] },
    path: 'items[0].thresholds[2]',
    message: /strictly increasing: 0.5 is not greater than thresholds\[1\] = 0.5/,
  },
  {
    name: 'GRM thresholds decreasing',
    item: { ...itemGRM, thresholds: [1, 0, 2] },
    path: 'items[0].thresholds[1]',
    message: /strictly increasing/,
  },
  {
    name: 'duplicate option id',
    item: variant(item2PL, (x) => (opt(x, 2).id = 'B')),
    path: 'items[0].content.options[2].id',
    message: /duplicate option id "B" \(also at content.options\[1\]\)/,
  },
  {
    name: 'choice key naming a missing option',
    item: { ...item2PL, key: { type: 'choice', correct: 'E' } },
    path: 'items[0].key.correct',
    message: /"E", which is not one of the options \(A, B, C\)/,
  },
  {
    name: 'correct option with an error tag',
    item: variant(item2PL, (x) => (opt(x, 0).errorTag = 'missed-constraint')),
    path: 'items[0].content.options[0].errorTag',
    message: /correct option "A" must not carry an error tag/,
  },
  {
    name: 'wrong option without an error tag',
    item: variant(item2PL, (x) => delete opt(x, 2).errorTag),
    path: 'items[0].content.options[2].errorTag',
    message: /is required: every wrong option names the error/,
  },
  {
    name: 'choice key on a GRM item',
    item: { ...itemGRM, key: { type: 'choice', correct: '3' } },
    path: 'items[0].key.type',
    message: /GRM item needs a "scored" key/,
  },
  {
    name: 'scored key on a 2PL item',
    item: { ...item2PL, key: { type: 'scored', scores: { A: 1, B: 0, C: 0 } } },
    path: 'items[0].key.type',
    message: /2PL item needs a "choice" key/,
  },
  {
    name: 'scored key missing an option',
    item: variant(itemGRM, (x) => ((x.key as Json).scores = { '0': 0, '1': 1, '3': 3 })),
    path: 'items[0].key.scores.2',
    message: /every option needs a score \(option "2" has none\)/,
  },
  {
    name: 'scored key naming an unknown option',
    item: variant(itemGRM, (x) => ((x.key as Json).scores = { '0': 0, '1': 1, '2': 2, '3': 3, Z: 1 })),
    path: 'items[0].key.scores.Z',
    message: /"Z", which is not one of the options/,
  },
  {
    name: 'score above K',
    item: variant(itemGRM, (x) => ((x.key as Json).scores = { '0': 0, '1': 1, '2': 2, '3': 4 })),
    path: 'items[0].key.scores.3',
    message: /must be ≤ 3 \(K = number of thresholds\); got 4/,
  },
  {
    name: 'maximum score K not reached',
    item: variant(itemGRM, (x) => {
      (x.key as Json).scores = { '0': 0, '1': 1, '2': 2, '3': 2 };
      opt(x, 3).errorTag = 'too-lenient';
    }),
    path: 'items[0].key.scores',
    message: /no option earns the maximum score 3/,
  },
  {
    name: 'option below K without an error tag',
    item: variant(itemGRM, (x) => delete opt(x, 1).errorTag),
    path: 'items[0].content.options[1].errorTag',
    message: /option "1" scores 1 < 3 and must name the error/,
  },
  {
    name: 'full-score option with an error tag',
    item: variant(itemGRM, (x) => (opt(x, 3).errorTag = 'too-lenient')),
    path: 'items[0].content.options[3].errorTag',
    message: /option "3" earns the full score 3 and must not carry an error tag/,
  },
];

describe.each([
  ['shape', shapeCases],
  ['cross-field rule', ruleCases],
])('validateItemBatch: one bad item per %s', (_kind, cases) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const errors = errorsOf(withItem(c.item));
    expect(errors).toEqual([
      { index: 0, itemId: typeof c.item.id === 'string' ? c.item.id : undefined, path: c.path, message: expect.stringMatching(c.message) },
    ]);
  });
});

// ---- batch-level rules ------------------------------------------------------------------------------------

describe('validateItemBatch: batch-level rules', () => {
  test('duplicate item ids are reported at the later positions', () => {
    const errors = errorsOf({ items: [item2PL, item3PL, { ...item4PL, id: 'if-001' }] });
    expect(errors).toEqual([
      { index: 2, itemId: 'if-001', path: 'items[2].id', message: 'duplicate item id "if-001" (first used by items[0])' },
    ]);
  });

  test('an enemy group needs at least two members', () => {
    const errors = errorsOf({ items: [item2PL], enemies: [['if-001']] });
    expect(errors).toEqual([{ index: null, path: 'enemies[0]', message: 'must have at least 2 entries' }]);
  });

  test('enemy groups must name items of the batch', () => {
    const errors = errorsOf({ items: [item2PL, item3PL], enemies: [['if-001', 'if-003'], ['if-003', 'code-014']] });
    expect(errors).toEqual([{ index: null, path: 'enemies[1][1]', message: 'unknown item id "code-014": not in this batch' }]);
  });

  test('enemy groups may name items already in the bank when their ids are given', () => {
    const input = { items: [item2PL], enemies: [['if-001', 'code-014']] };
    const r = validateItemBatch(input, { knownItemIds: ['code-014'] });
    expect(r.ok && r.batch.enemies).toEqual([['if-001', 'code-014']]);
    const other = validateItemBatch({ items: [item2PL], enemies: [['if-001', 'code-015']] }, { knownItemIds: ['code-014'] });
    expect(!other.ok && other.errors).toEqual([
      { index: null, path: 'enemies[0][1]', message: 'unknown item id "code-015": not in this batch nor in the bank' },
    ]);
    // the bank was checked and holds none of them: still "nor in the bank"
    const none = validateItemBatch({ items: [item2PL], enemies: [['if-001', 'code-015']] }, { knownItemIds: [] });
    expect(!none.ok && none.errors.map((e) => e.message)).toEqual(['unknown item id "code-015": not in this batch nor in the bank']);
  });

  test('a member listed twice in one group', () => {
    const errors = errorsOf({ items: [item2PL, item3PL], enemies: [['if-001', 'if-001', 'if-003']] });
    expect(errors).toEqual([{ index: null, path: 'enemies[0][1]', message: expect.stringMatching(/listed twice in this group/) }]);
  });

  test('enemy member that is not an id', () => {
    const errors = errorsOf({ items: [item2PL], enemies: [['if-001', 'Bad Id']] });
    expect(errors).toEqual([{ index: null, path: 'enemies[0][1]', message: expect.stringMatching(/lowercase letters/) }]);
  });

  test.each([
    ['not an object', [item2PL], '', /must be a JSON object/],
    ['null', null, '', /must be a JSON object/],
    ['no items', { enemies: [] }, 'items', /^is required$/],
    ['empty items', { items: [] }, 'items', /at least 1/],
    ['items not an array', { items: { 0: item2PL } }, 'items', /must be an array/],
    ['unknown top-level field', { items: [item2PL], version: 2 }, 'version', /unknown field 'version'/],
  ])('envelope: %s', (_name, input, path, message) => {
    expect(errorsOf(input)).toEqual([{ index: null, path, message: expect.stringMatching(message) }]);
  });

  test('an item that is not an object', () => {
    expect(errorsOf({ items: [item2PL, 'if-009'] })).toEqual([
      { index: 1, path: 'items[1]', message: 'each item must be a JSON object' },
    ]);
  });
});

// ---- reporting everything ---------------------------------------------------------------------------------

describe('validateItemBatch: reports every error', () => {
  test('several bad items, each with its own errors, next to good ones', () => {
    const errors = errorsOf({
      items: [
        item2PL,
        { ...item3PL, c: 0.7 },
        itemGRM,
        variant(itemGRM, (x) => {
          x.id = 'rg-009';
          x.thresholds = [2, 1, 3];
          delete opt(x, 1).errorTag;
        }),
        { ...item4PL, status: 'live', id: 'if-001' },
      ],
      enemies: [['if-003', 'nope']],
    });
    expect(errors.map((e) => [e.index, e.itemId, e.path])).toEqual([
      [1, 'if-003', 'items[1].c'],
      [3, 'rg-009', 'items[3].thresholds[1]'],
      [3, 'rg-009', 'items[3].content.options[1].errorTag'],
      [4, 'if-001', 'items[4].status'],
      [4, 'if-001', 'items[4].id'],
      [null, undefined, 'enemies[0][1]'],
    ]);
  });

  test('shape errors do not hide the rules of the fields that are well-formed', () => {
    // a is out of range (shape) and the key names a missing option (rule): both are reported
    const errors = errorsOf(withItem({ ...item2PL, a: -1, key: { type: 'choice', correct: 'Z' } }));
    expect(errors.map((e) => e.path)).toEqual(['items[0].a', 'items[0].key.correct']);
  });

  test('an item whose id is not a string is reported without itemId', () => {
    const errors = errorsOf(withItem({ ...item2PL, id: 7 }));
    expect(errors).toEqual([{ index: 0, path: 'items[0].id', message: 'must be a string (got number)' }]);
  });
});
