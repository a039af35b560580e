// Compile a published blueprint and the bank's item parameters into a compact, content-addressed snapshot: what a
// warm Lambda keeps in memory to run the CAT without reading the bank (docs/blueprints.md, "Bank snapshot").

import { createHash } from 'node:crypto';
import type { Item, ItemModel } from '@theta/irt/types';
import { UnprocessableError } from '../errors';
import type { ItemStatus } from '../bank/item-schema';
import type { PublishedBlueprint } from './blueprint-schema';

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
}

export interface BankSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  blueprintId: string;
  blueprintVersion: number;
  /** first 16 hex digits of the SHA-256 of the canonical JSON of every other field */
  snapshotVersion: string;
  /** the blueprint's skills, in blueprint order */
  skills: string[];
  items: SnapshotItems;
  /** enemy groups restricted to snapshot items (each sorted, ≥ 2 members), sorted */
  enemies: string[][];
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
 * Build the snapshot of `blueprint` from the bank's items: only ACTIVE items of the blueprint's skills, and the
 * enemy groups among them. The snapshot version is a hash of the content, so it changes iff the content does
 * (input order does not matter).
 *
 * Throws UnprocessableError `duplicate_item_id` when two source items share an id, and `infeasible_blueprint`
 * when a skill has fewer active items than max(1, its minItems) — details.shortfalls lists them.
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

  const chosen = sourceItems
    .filter((item) => item.status === 'active' && skillIndex.has(item.skill))
    .sort((x, y) => byCodeUnits(x.id, y.id));

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

  const body = {
    format: SNAPSHOT_FORMAT,
    blueprintId: blueprint.id,
    blueprintVersion: blueprint.version,
    skills,
    items,
    enemies,
  } as const;
  return { ...body, snapshotVersion: contentHash(canonicalJson(body)) };
}

/** The engine items of a snapshot (input for the IRT engine's bank compiler). */
export function snapshotItems(snapshot: BankSnapshot): Item[] {
  const s = snapshot.items;
  return s.ids.map((id, i): Item => {
    const skill = snapshot.skills[s.skill[i] as number] as string;
    const model = s.model[i] as ItemModel;
    const a = s.a[i] as number;
    if (model === 'GRM' || model === 'GPCM') return { id, model, a, thresholds: [...(s.thresholds[i] as number[])], skill };
    return { id, model, a, b: s.b[i] as number, c: s.c[i] as number, d: s.d[i] as number, skill };
  });
}
