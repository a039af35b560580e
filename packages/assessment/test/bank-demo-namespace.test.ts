// Issue 8.5: the demo seed's id prefix and tag are a reserved namespace, so a real bank never takes in a demo item
// (or a real item dressed as one) by accident.
import { DEMO_ID_PREFIX, DEMO_TAG, validateItemBatch } from '../src/bank';

const item = (id: string, tags: string[]) => ({
  id,
  skill: 'instruction-following',
  tags,
  status: 'active',
  model: '2PL',
  a: 1.2,
  b: -0.3,
  content: {
    stem: 'Which response follows every constraint?',
    options: [
      { id: 'A', text: 'Response A' },
      { id: 'B', text: 'Response B', errorTag: 'missed-constraint' },
    ],
    explanation: 'A keeps the word limit.',
  },
  key: { type: 'choice', correct: 'A' },
});

describe('the demo namespace in an import batch', () => {
  it('is "demo-" and "demo"', () => {
    expect([DEMO_ID_PREFIX, DEMO_TAG]).toEqual(['demo-', 'demo']);
  });

  it('accepts a demo item (prefix and tag) and a real item (neither)', () => {
    expect(validateItemBatch({ items: [item('demo-if-001', ['demo', 'format']), item('acme-if-001', ['format'])] }).ok).toBe(true);
  });

  it('refuses a "demo-" id without the demo tag, naming the tags field', () => {
    const r = validateItemBatch({ items: [item('demo-if-001', ['format'])] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ index: 0, itemId: 'demo-if-001', path: 'items[0].tags', message: expect.stringContaining('reserved for the demo seed') }]);
  });

  it('refuses the demo tag on an id outside the namespace, pointing at the tag', () => {
    const r = validateItemBatch({ items: [item('if-001', ['format', 'demo'])] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ index: 0, itemId: 'if-001', path: 'items[0].tags[1]', message: expect.stringContaining('"demo" is reserved') }]);
  });

  it('does not treat "demolition-" or a "demos" tag as the namespace', () => {
    expect(validateItemBatch({ items: [item('demolition-001', ['demos'])] }).ok).toBe(true);
  });
});
