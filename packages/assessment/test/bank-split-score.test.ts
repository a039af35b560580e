import { UnprocessableError } from '../src/errors';
import { errorTagFor, scoreAnswer, splitItem, validateItemBatch, type ImportItem } from '../src/bank';

const EXPLANATION = 'Only option A keeps all three constraints (word limit, bullet list, no jargon).';

const choiceItem = {
  id: 'if-001',
  skill: 'instruction-following',
  tags: ['format-constraint'],
  status: 'active',
  model: '3PL',
  a: 1.37,
  b: -0.42,
  c: 0.19,
  content: {
    stem: 'Which response follows every constraint?',
    options: [
      { id: 'A', text: 'Response A' },
      { id: 'B', text: 'Response B', errorTag: 'missed-constraint' },
      { id: 'C', text: 'Response C', errorTag: 'preferred-longer' },
    ],
    explanation: EXPLANATION,
  },
  key: { type: 'choice', correct: 'A' },
};

const scoredItem = {
  id: 'rg-001',
  skill: 'rubric-grading',
  tags: [],
  status: 'active',
  model: 'GPCM',
  a: 0.83,
  thresholds: [-0.61, 0.77],
  content: {
    stem: 'What score does this response earn (0-2)?',
    options: [
      { id: 'S0', text: '0 points', errorTag: 'too-harsh' },
      { id: 'S1', text: '1 point', errorTag: 'misread-criterion' },
      { id: 'S2', text: '2 points' },
    ],
    explanation: 'Both criteria are met.',
  },
  key: { type: 'scored', scores: { S0: 0, S1: 1, S2: 2 } },
};

function valid(...raw: unknown[]): ImportItem[] {
  const r = validateItemBatch({ items: raw });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.batch.items;
}

const [choice, scored] = valid(choiceItem, scoredItem) as [ImportItem, ImportItem];

describe('splitItem', () => {
  test.each([
    ['choice item', choice],
    ['scored item', scored],
  ])('the tasker-facing content of a %s carries no key, error tag, parameter or explanation', (_name, item) => {
    const { content } = splitItem(item);
    const text = JSON.stringify(content);
    for (const secret of [
      'key',
      'correct',
      'scores',
      'errorTag',
      'missed-constraint',
      'preferred-longer',
      'too-harsh',
      'misread-criterion',
      'explanation',
      EXPLANATION,
      'Both criteria are met.',
      '"a"',
      '"b"',
      '"c"',
      'thresholds',
      '1.37',
      '-0.42',
      '0.19',
      '0.83',
      '-0.61',
      'model',
      '3PL',
      'GPCM',
      'skill',
      'status',
    ])
      expect(text).not.toContain(secret);
    // only stem and options, options only id and text
    expect(Object.keys(content).sort()).toEqual(['options', 'stem']);
    for (const o of content.options) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
  });

  test('content keeps the stem and the options in display order', () => {
    expect(splitItem(choice).content).toEqual({
      stem: 'Which response follows every constraint?',
      options: [
        { id: 'A', text: 'Response A' },
        { id: 'B', text: 'Response B' },
        { id: 'C', text: 'Response C' },
      ],
    });
  });

  test('meta, params and secure of a 3PL item', () => {
    const parts = splitItem(choice, { version: 3 });
    expect(parts.meta).toEqual({
      id: 'if-001',
      skill: 'instruction-following',
      tags: ['format-constraint'],
      status: 'active',
      use: ['placement'],
      model: '3PL',
      version: 3,
    });
    expect(parts.params).toEqual({
      id: 'if-001',
      model: '3PL',
      a: 1.37,
      b: -0.42,
      c: 0.19,
      skill: 'instruction-following',
      tags: ['format-constraint'],
    });
    expect(parts.secure).toEqual({
      key: { type: 'choice', correct: 'A' },
      optionIds: ['A', 'B', 'C'],
      errorTags: { B: 'missed-constraint', C: 'preferred-longer' },
      explanation: EXPLANATION,
    });
  });

  test('params of a GPCM item have thresholds and no b/c/d; meta has no version unless given', () => {
    const parts = splitItem(scored);
    expect(parts.params).toEqual({ id: 'rg-001', model: 'GPCM', a: 0.83, thresholds: [-0.61, 0.77], skill: 'rubric-grading', tags: [] });
    expect(parts.meta).not.toHaveProperty('version');
    expect(parts.secure.errorTags).toEqual({ S0: 'too-harsh', S1: 'misread-criterion' });
  });

  test('the parts do not share arrays with the input item', () => {
    const parts = splitItem(scored);
    (parts.params as { thresholds: number[] }).thresholds.push(9);
    expect(scored).toMatchObject({ thresholds: [-0.61, 0.77] });
  });
});

describe('scoreAnswer and errorTagFor', () => {
  const choiceSecure = splitItem(choice).secure;
  const scoredSecure = splitItem(scored).secure;

  test.each([
    ['A', 1, undefined],
    ['B', 0, 'missed-constraint'],
    ['C', 0, 'preferred-longer'],
  ])('choice key: answer %s scores %d, error tag %s', (answer, score, tag) => {
    expect(scoreAnswer(choiceSecure, answer)).toBe(score);
    expect(errorTagFor(choiceSecure, answer)).toBe(tag);
  });

  test.each([
    ['S0', 0, 'too-harsh'],
    ['S1', 1, 'misread-criterion'],
    ['S2', 2, undefined],
  ])('scored key: answer %s scores %d, error tag %s', (answer, score, tag) => {
    expect(scoreAnswer(scoredSecure, answer)).toBe(score);
    expect(errorTagFor(scoredSecure, answer)).toBe(tag);
  });

  test.each(['D', 'a', '', 'toString', 'S3'])('an answer that is not an option (%j) throws unknown_option', (answer) => {
    for (const secure of [choiceSecure, scoredSecure]) {
      for (const fn of [scoreAnswer, errorTagFor]) {
        let caught: unknown;
        try {
          fn(secure, answer);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(UnprocessableError);
        expect(caught).toMatchObject({ code: 'unknown_option', kind: 'unprocessable' });
      }
    }
  });

  test('option ids that are Object.prototype names are looked up as own keys only', () => {
    const [item] = valid({
      ...choiceItem,
      content: {
        ...choiceItem.content,
        options: [
          { id: 'valueOf', text: 'x' },
          { id: 'toString', text: 'y', errorTag: 'missed-constraint' },
        ],
      },
      key: { type: 'choice', correct: 'valueOf' },
    });
    const secure = splitItem(item as ImportItem).secure;
    expect(errorTagFor(secure, 'valueOf')).toBeUndefined();
    expect(errorTagFor(secure, 'toString')).toBe('missed-constraint');
    expect(scoreAnswer(secure, 'valueOf')).toBe(1);
  });
});
