// The demo bank (packages/local/seed/items.json), the demo blueprint and the documented example must all be
// valid under the import rules — they are what a new developer sees first.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitItem, validateItemBatch, type ItemBatch } from '../src/bank';
import { compileSnapshot, validateBlueprint, type PublishedBlueprint } from '../src/blueprints';

const root = join(__dirname, '../../..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

function seedBatch(): ItemBatch {
  const r = validateItemBatch(readJson('packages/local/seed/items.json'));
  if (!r.ok) throw new Error(`seed bank invalid:\n${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return r.batch;
}

function seedBlueprint(): PublishedBlueprint {
  const r = validateBlueprint(readJson('packages/local/seed/blueprints/general-placement.json'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { ...r.blueprint, version: 1 };
}

describe('seed bank', () => {
  test('validates', () => {
    const batch = seedBatch();
    expect(batch.items.length).toBeGreaterThan(0);
  });

  test('covers exactly the skills of the demo blueprint', () => {
    const bankSkills = new Set(seedBatch().items.map((i) => i.skill));
    expect([...bankSkills].sort()).toEqual(seedBlueprint().skills.map((s) => s.skill).sort());
  });

  test('no tasker-facing content carries a key, an error tag or the explanation', () => {
    for (const item of seedBatch().items) {
      const { content, secure } = splitItem(item);
      expect(Object.keys(content).sort()).toEqual(['options', 'stem']);
      for (const o of content.options) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
      const text = JSON.stringify(content);
      expect(text).not.toContain('"errorTag":');
      if (secure.explanation.length > 20) expect(text).not.toContain(secure.explanation);
    }
  });

  test('compiles into a snapshot for the demo blueprint with only active items', () => {
    const batch = seedBatch();
    const params = batch.items.map((i) => ({ ...splitItem(i).params, skill: i.skill, status: i.status }));
    const snap = compileSnapshot(seedBlueprint(), params, batch.enemies);
    const active = batch.items.filter((i) => i.status === 'active').map((i) => i.id);
    expect([...snap.items.ids].sort()).toEqual([...active].sort());
    expect(snap.snapshotVersion).toMatch(/^[0-9a-f]{16}$/);
    for (const group of snap.enemies) for (const id of group) expect(active).toContain(id);
  });
});

describe('docs/item-bank.md', () => {
  test('the full example validates', () => {
    const md = readFileSync(join(root, 'docs/item-bank.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const r = validateItemBatch(JSON.parse(block as string));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batch.items.map((i) => i.model)).toEqual(['3PL', 'GRM', '2PL', '1PL']);
  });
});
