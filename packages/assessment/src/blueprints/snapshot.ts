// Compile a published blueprint and the bank's item parameters into a compact, content-addressed snapshot: what a
// warm Lambda keeps in memory to run the CAT without reading the bank (docs/blueprints.md, "Bank snapshot").

import { createHash } from 'node:crypto';
import type { Item, ItemModel } from '@theta/irt/types';
import { UnprocessableError } from '../errors';
import type { ItemStatus } from '../bank/item-schema';
import type { Blueprint, PublishedBlueprint } from './blueprint-schema';

/** An item as the snapshot compiler reads it: the engine parameters plus the catalogue status. */
/** `version`: the item's stored version, so content and key are read as of publish time (0 when unknown). */
export type SnapshotSourceItem = Item & { skill: string; status: ItemStatus; version?: number };

export const SNAPSHOT_FORMAT = 1;

/**
 * Column-oriented item parameters (index i is one item), items sorted by id. Dichotomous items have
 * thresholds [] and c/d filled with their defaults 0/1; polytomous items have b = c = 0, d = 1.
 */
export interface SnapshotItems {
  ids: string[];
  /** index into BankSnapshot.skills */
  skill: number[];
  model: ItemModel[];
  a: number[];
  b: number[];
  c: number[];
  d: number[];
  thresholds: number[][];
  /** the stored version of each item: its content and key are read at exactly this version */
  versions: number[];
  /**
   * only when the blueprint has content constraints: the item's tags among BankSnapshot.tags (indices, sorted).
   * Tags no constraint names are left out: selection needs no others.
   */
  tags?: number[][];
}

export interface BankSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  blueprintId: string;
  blueprintVersion: number;
  /** first 16 hex digits of the SHA-256 of the canonical JSON of every other field */
  snapshotVersion: string;
  /** the blueprint's skills, in blueprint order */
  skills: string[];
  /** only when the blueprint has content constraints: their tags, in blueprint order */
  tags?: string[];
  items: SnapshotItems;
  /** enemy groups restricted to snapshot items (each sorted, ≥ 2 members), sorted */
  enemies: string[][];
  /**
   * only when the blueprint seeds pilot items: the `pilot` items of its skills (and `itemTags`), sorted by id —
   * ids, skills and stored versions only: a pilot item has no parameters live, so none can reach the CAT or a tasker
   */
  pilot?: SnapshotPilotItems;
}

export interface SnapshotPilotItems {
  ids: string[];
  /** index into BankSnapshot.skills */
  skill: number[];
  versions: number[];
}

/** Deterministic JSON: object keys sorted, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the text, first 16 hex digits. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const byCodeUnits = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The source items a blueprint uses: active, of one of its skills, and carrying one of that skill's `itemTags`
 * when it has a filter. Input order kept.
 */
export function blueprintItems<T extends SnapshotSourceItem>(blueprint: Pick<Blueprint, 'skills'>, sourceItems: readonly T[], status: ItemStatus = 'active'): T[] {
  const filters = new Map(blueprint.skills.map((s) => [s.skill, s.itemTags]));
  return sourceItems.filter((item) => {
    if (item.status !== status || !filters.has(item.skill)) return false;
    const wanted = filters.get(item.skill);
    return wanted === undefined || (item.tags ?? []).some((t) => wanted.includes(t));
  });
}

/**
 * Build the snapshot of `blueprint` from the bank's items: only ACTIVE items of the blueprint's skills (and of
 * their `itemTags`), the tags its content constraints name, and the enemy groups among them. The snapshot
 * version is a hash of the content, so it changes iff the content does (input order does not matter).
 *
 * Throws UnprocessableError `duplicate_item_id` when two source items share an id, and `infeasible_blueprint`
 * when a skill has fewer usable items than max(1, its minItems) — details.shortfalls lists them.
 */
export function compileSnapshot(
  blueprint: PublishedBlueprint,
  sourceItems: readonly SnapshotSourceItem[],
  enemyGroups: readonly (readonly string[])[] = [],
): BankSnapshot {
  const skills = blueprint.skills.map((s) => s.skill);
  const skillIndex = new Map(skills.map((s, i) => [s, i]));

  const seen = new Set<string>();
  for (const item of sourceItems) {
    if (seen.has(item.id)) throw new UnprocessableError('duplicate_item_id', `item "${item.id}" appears twice in the snapshot source`, { itemId: item.id });
    seen.add(item.id);
  }

  const chosen = blueprintItems(blueprint, sourceItems).sort((x, y) => byCodeUnits(x.id, y.id));

  const counts = new Map<string, number>();
  for (const item of chosen) counts.set(item.skill, (counts.get(item.skill) ?? 0) + 1);
  const shortfalls = blueprint.skills
    .map((s) => ({ skill: s.skill, required: Math.max(1, s.minItems), available: counts.get(s.skill) ?? 0 }))
    .filter((s) => s.available < s.required);
  if (shortfalls.length > 0)
    throw new UnprocessableError(
      'infeasible_blueprint',
      `not enough active items: ${shortfalls.map((s) => `${s.skill} has ${s.available}, needs ${s.required}`).join('; ')}`,
      { shortfalls },
    );

  const items: SnapshotItems = { ids: [], skill: [], model: [], a: [], b: [], c: [], d: [], thresholds: [], versions: [] };
  for (const item of chosen) {
    items.ids.push(item.id);
    items.versions.push(item.version ?? 0);
    items.skill.push(skillIndex.get(item.skill) as number);
    items.model.push(item.model);
    items.a.push(item.a);
    if ('thresholds' in item) {
      items.b.push(0);
      items.c.push(0);
      items.d.push(1);
      items.thresholds.push([...item.thresholds]);
    } else {
      items.b.push(item.b);
      items.c.push(item.c ?? 0);
      items.d.push(item.d ?? 1);
      items.thresholds.push([]);
    }
  }
  const tags = blueprint.content?.map((c) => c.tag) ?? [];
  if (tags.length > 0) {
    const tagIndex = new Map(tags.map((t, k) => [t, k]));
    items.tags = chosen.map((item) =>
      [...new Set(item.tags ?? [])]
        .map((t) => tagIndex.get(t))
        .filter((k): k is number => k !== undefined)
        .sort((x, y) => x - y),
    );
  }

  const inSnapshot = new Set(items.ids);
  const groupKeys = new Set<string>();
  const enemies: string[][] = [];
  for (const group of enemyGroups) {
    const members = [...new Set(group.filter((id) => inSnapshot.has(id)))].sort(byCodeUnits);
    if (members.length < 2) continue;
    const key = JSON.stringify(members);
    if (groupKeys.has(key)) continue;
    groupKeys.add(key);
    enemies.push(members);
  }
  enemies.sort((x, y) => byCodeUnits(JSON.stringify(x), JSON.stringify(y)));

  const pilot = blueprint.pilot ? pilotColumns(blueprintItems(blueprint, sourceItems, 'pilot'), skillIndex) : undefined;
  const body = {
    format: SNAPSHOT_FORMAT,
    blueprintId: blueprint.id,
    blueprintVersion: blueprint.version,
    skills,
    ...(tags.length > 0 ? { tags } : {}),
    items,
    enemies,
    ...(pilot ? { pilot } : {}),
  } as const;
  return { ...body, snapshotVersion: contentHash(canonicalJson(body)) };
}

/** Pilot items as the snapshot keeps them: ids, skills and versions, never parameters. */
function pilotColumns(pilots: readonly SnapshotSourceItem[], skillIndex: ReadonlyMap<string, number>): SnapshotPilotItems {
  const sorted = [...pilots].sort((x, y) => byCodeUnits(x.id, y.id));
  return { ids: sorted.map((p) => p.id), skill: sorted.map((p) => skillIndex.get(p.skill) as number), versions: sorted.map((p) => p.version ?? 0) };
}

/** The engine items of a snapshot (input for the IRT engine's bank compiler). */
export function snapshotItems(snapshot: BankSnapshot): Item[] {
  const s = snapshot.items;
  const tagNames = snapshot.tags ?? [];
  return s.ids.map((id, i): Item => {
    const skill = snapshot.skills[s.skill[i] as number] as string;
    const model = s.model[i] as ItemModel;
    const a = s.a[i] as number;
    const tagged = s.tags?.[i];
    const tags = tagged === undefined ? {} : { tags: tagged.map((k) => tagNames[k] as string) };
    if (model === 'GRM' || model === 'GPCM') return { id, model, a, thresholds: [...(s.thresholds[i] as number[])], skill, ...tags };
    return { id, model, a, b: s.b[i] as number, c: s.c[i] as number, d: s.d[i] as number, skill, ...tags };
  });
}
