// Issue 8.5: the demo seed marks itself so it never mixes into a real bank by accident — every seed item has the
// `demo-` id prefix and carries the `demo` tag (a namespace the import validator reserves), and the demo blueprint draws on that tag only, skill by skill (packages/local/seed/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SEED = join(__dirname, '..', 'seed');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(SEED, file), 'utf8')) as T;

const { items } = read<{ items: { id: string; skill: string; tags?: string[] }[] }>('items.json');
const practice = read<{ items: { id: string; tags?: string[] }[] }>('practice-items.json').items;
const blueprint = read<{ skills: { skill: string; itemTags?: string[] }[] }>('blueprints/general-placement.json');

describe('demo seed scope', () => {
  it('every demo item is tagged "demo"', () => {
    expect(items.length).toBeGreaterThan(0);
    expect([...items, ...practice].filter((i) => !(i.tags ?? []).includes('demo')).map((i) => i.id)).toEqual([]);
  });

  it('every demo item, placement and practice, has the "demo-" id prefix', () => {
    expect([...items, ...practice].filter((i) => !i.id.startsWith('demo-')).map((i) => i.id)).toEqual([]);
  });

  it('the demo blueprint filters every skill on the "demo" tag only', () => {
    expect(blueprint.skills.length).toBeGreaterThan(0);
    expect(blueprint.skills.filter((s) => JSON.stringify(s.itemTags) !== '["demo"]').map((s) => s.skill)).toEqual([]);
  });

  it('each demo blueprint skill has demo items to draw on', () => {
    const seeded = new Set(items.map((i) => i.skill));
    expect(blueprint.skills.map((s) => s.skill).filter((s) => !seeded.has(s))).toEqual([]);
  });
});
