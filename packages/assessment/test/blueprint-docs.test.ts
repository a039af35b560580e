// docs/blueprints.md against the real validator: every ```json example is annotated and behaves as it says, and
// every option list of the field tables is exactly the validator's. Fails when the docs and the code diverge.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlueprintSchema, validateBlueprint } from '../src';

const DOC = readFileSync(join(__dirname, '../../../docs/blueprints.md'), 'utf8');

type Json = Record<string, unknown>;
interface Example {
  line: number;
  kind: 'valid' | 'valid-part' | 'invalid';
  path?: string;
  json: string;
}

/** Every ```json block with the `<!-- blueprint-example: … -->` comment on the line above it. */
function examples(): Example[] {
  const lines = DOC.split('\n');
  const found: Example[] = [];
  lines.forEach((text, i) => {
    if (text.trim() !== '```json') return;
    const end = lines.indexOf('```', i + 1);
    const note = /^<!-- blueprint-example: (valid|valid-part|invalid)(?: (\S+))? -->$/.exec((lines[i - 1] ?? '').trim());
    if (!note) throw new Error(`docs/blueprints.md:${i + 1}: a json example needs "<!-- blueprint-example: valid | valid-part | invalid <path> -->" on the line above`);
    found.push({ line: i + 1, kind: note[1] as Example['kind'], ...(note[2] ? { path: note[2] } : {}), json: lines.slice(i + 1, end).join('\n') });
  });
  return found;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `part` over `base`: objects merge key by key, anything else replaces. */
function merge(base: unknown, part: unknown): unknown {
  if (!isObject(base) || !isObject(part)) return part;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(part)) out[k] = merge(base[k], v);
  return out;
}

const all = examples();
const base = (): Json => {
  const first = all.find((e) => e.kind === 'valid');
  if (!first) throw new Error('docs/blueprints.md has no complete valid example');
  return JSON.parse(first.json) as Json;
};

describe('docs/blueprints.md examples', () => {
  it('has complete, partial and invalid examples', () => {
    expect(all.filter((e) => e.kind === 'valid').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((e) => e.kind === 'invalid').length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.filter((e) => e.kind !== 'invalid').map((e) => [e.line, e] as const))('line %i validates', (_line, e) => {
    const doc = e.kind === 'valid' ? JSON.parse(e.json) : merge(base(), JSON.parse(e.json));
    const r = validateBlueprint(doc);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(all.filter((e) => e.kind === 'invalid').map((e) => [e.line, e.path, e] as const))('line %i is refused at %s', (_line, path, e) => {
    const r = validateBlueprint(merge(base(), JSON.parse(e.json)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((x) => x.path)).toContain(path);
  });
});

// ---- the option lists of the field tables ---------------------------------------------------------------------------

interface ZodNode {
  _zod: { def: { type: string; innerType?: ZodNode; in?: ZodNode; shape?: Record<string, ZodNode>; element?: ZodNode; valueType?: ZodNode; entries?: Record<string, string> } };
}

/** The schema at a documented field path (`skills[].kind`, `cuts.<skill>.expert`), wrappers removed. */
function schemaAt(path: string): ZodNode | undefined {
  let node: ZodNode | undefined = BlueprintSchema as unknown as ZodNode;
  const unwrap = (n: ZodNode | undefined): ZodNode | undefined => {
    let cur = n;
    for (;;) {
      const def = cur?._zod.def;
      if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable')) cur = def.innerType;
      else if (def?.type === 'pipe') cur = def.in;
      else return cur;
    }
  };
  for (const segment of path.replace(/\[\]/g, '.[]').split('.')) {
    const def: ZodNode['_zod']['def'] | undefined = unwrap(node)?._zod.def;
    if (segment === '[]') node = def?.type === 'array' ? def.element : undefined;
    else if (segment.startsWith('<')) node = def?.type === 'record' ? def.valueType : undefined;
    else node = def?.type === 'object' ? def.shape?.[segment] : undefined;
    if (!node) return undefined;
  }
  return unwrap(node);
}

/** Rows of the tables whose header starts with "| field |": [field path, meaning]. */
function fieldRows(): [string, string][] {
  const rows: [string, string][] = [];
  let inTable = false;
  for (const line of DOC.split('\n')) {
    if (/^\| field \|/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !/^\|[-| ]+\|$/.test(line)) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      // "`skills[].minItems` / `maxItems`": a bare name after a path is a sibling of that path
      let parent = '';
      for (const [, f] of (cells[1] ?? '').matchAll(/`([^`]+)`/g)) {
        const path = /[.[]/.test(f as string) || parent === '' ? (f as string) : `${parent}${f}`;
        parent = path.slice(0, path.lastIndexOf('.') + 1);
        rows.push([path, cells.slice(2).join(' | ')]);
      }
    }
  }
  return rows;
}

/** Documented option lists in a meaning cell: `'a' \| 'b'`, optionally after `key:` (the enum is at field.key). */
function optionLists(meaning: string): { key?: string; options: string[] }[] {
  return [...meaning.matchAll(/(?:(\w+): )?('[\w-]+'(?: \\\| '[\w-]+')+)/g)].map((m) => ({
    ...(m[1] ? { key: m[1] } : {}),
    options: [...(m[2] as string).matchAll(/'([\w-]+)'/g)].map((o) => o[1] as string),
  }));
}

const rows = fieldRows();

describe('docs/blueprints.md field tables', () => {
  it('document at least the known option lists', () => {
    const documented = rows.flatMap(([field, meaning]) => optionLists(meaning).map((l) => (l.key ? `${field}.${l.key}` : field)));
    expect(documented).toEqual(expect.arrayContaining(['cat.selection.method', 'cat.exposure.method', 'cat.stopping.classification.method', 'includeDomainsFrom']));
  });

  it.each(rows.map(([field]) => [field]))('%s is a field of the schema', (field) => {
    expect(schemaAt(field)).toBeDefined();
  });

  it.each(rows.flatMap(([field, meaning]) => optionLists(meaning).map((l) => [l.key ? `${field}.${l.key}` : field, l.options] as const)))(
    '%s lists exactly the options the validator accepts',
    (path, options) => {
      const def = schemaAt(path)?._zod.def;
      expect(def?.type).toBe('enum');
      expect([...options].sort()).toEqual(Object.values(def?.entries ?? {}).sort());
    },
  );
});
