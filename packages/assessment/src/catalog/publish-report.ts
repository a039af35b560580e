// What a publish tells its author in plain words: which items each skill draws from (skills are global across
// the bank, so a blueprint without `itemTags` takes every active item of the skill, whoever imported it) and what
// routing the blueprint will do.

import type { Blueprint } from '../blueprints/blueprint-schema';
import { blueprintItems, type SnapshotSourceItem } from '../blueprints/snapshot';
import { count, listOf } from '../text/plural';

export interface ItemSourceCount {
  /** the item-id prefix up to and including its first hyphen (`demo-`, `acme-`, `if-`): who named the items */
  prefix: string;
  items: number;
}

export interface SkillScope {
  skill: string;
  /** active items the snapshot gives this skill */
  items: number;
  /** the blueprint's `itemTags` filter, or null: every active item of the skill */
  itemTags: string[] | null;
  /** the items by id prefix, most first (ties by prefix) */
  sources: ItemSourceCount[];
  /** the items by content tag, most first (an item may count under several tags) */
  tags: { tag: string; items: number }[];
}

/** The id's leading word and its hyphen: "demo-if-001" → "demo-"; an id without a hyphen is its own prefix. */
export function idPrefix(id: string): string {
  const hyphen = id.indexOf('-');
  return hyphen < 0 ? id : id.slice(0, hyphen + 1);
}

function tally(keys: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

/** Per skill of the blueprint, in blueprint order: how many items it draws from and from which sources. */
export function skillScopes(blueprint: Pick<Blueprint, 'skills'>, sourceItems: readonly SnapshotSourceItem[]): SkillScope[] {
  const used = blueprintItems(blueprint, sourceItems);
  return blueprint.skills.map((s) => {
    const mine = used.filter((item) => item.skill === s.skill);
    return {
      skill: s.skill,
      items: mine.length,
      itemTags: s.itemTags ?? null,
      sources: tally(mine.map((item) => idPrefix(item.id))).map(([prefix, items]) => ({ prefix, items })),
      tags: tally(mine.flatMap((item) => item.tags ?? [])).map(([tag, items]) => ({ tag, items })),
    };
  });
}

/** One sentence per skill on its scope, then the routing the blueprint will do. */
export function publishNotes(blueprint: Blueprint, scopes: readonly SkillScope[]): string[] {
  return [...scopes.map(scopeNote), ...routingNotes(blueprint)];
}

function scopeNote(scope: SkillScope): string {
  const from = listOf(scope.sources.map((src) => `${src.items} with id prefix "${src.prefix}"`));
  const filter =
    scope.itemTags === null
      ? 'every active item of the skill in the bank (no itemTags filter)'
      : `only its active items tagged ${listOf(scope.itemTags.map((t) => `"${t}"`))}`;
  return `${scope.skill} draws on ${count(scope.items, 'item')}, ${filter}${from ? `: ${from}` : ''}.`;
}

/** The routing in plain words: who goes to remedial, who is not qualified (docs/blueprints.md, "Routing"). */
export function routingNotes(blueprint: Blueprint): string[] {
  const general = blueprint.skills.filter((s) => s.kind === 'general').map((s) => s.skill);
  const max = Math.min(blueprint.routing.remedial.maxFailingSkills, general.length);
  const notes: string[] = [];
  if (general.length === 1) {
    const skill = general[0] as string;
    notes.push(
      max === 0
        ? `Taskers below the generalist cut on ${skill} are not qualified (remedial routing is off: routing.remedial.maxFailingSkills is 0).`
        : `Taskers below the generalist cut on ${skill} go to remedial:${skill}.`,
    );
  } else if (max === 0) {
    notes.push('Remedial routing is off (routing.remedial.maxFailingSkills is 0): a tasker failing any general skill is not qualified.');
  } else {
    notes.push(
      `Taskers failing ${max === 1 ? 'exactly one general skill' : `1 to ${max} general skills`} go to remedial:<the weakest of them>` +
        (max < general.length ? `; failing ${count(max + 1, 'general skill')} or more, they are not qualified.` : '.'),
    );
  }
  const domains = blueprint.skills.filter((s) => s.kind === 'domain').map((s) => `expert:${s.domain ?? s.skill}`);
  const generalRule = blueprint.routing.expert.generalRequirement === 'pass' ? 'every general skill passes' : 'no general skill is below its generalist cut';
  if (domains.length > 0) notes.push(`Taskers whose interval lies above an expert cut go to ${listOf(domains)} when ${generalRule} (the largest margin wins).`);
  return notes;
}
