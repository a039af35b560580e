// The blueprint rules that need the bank: the tags a blueprint names must be on items it uses, and its content
// constraints must be satisfiable by them. Checked at publish, where the bank is read; reported like the
// validation errors (a path into the blueprint and a message), so a typo in a tag is a 400 naming the field.

import { count } from '../text/plural';
import type { Blueprint } from './blueprint-schema';
import { blueprintItems, type SnapshotSourceItem } from './snapshot';
import type { BlueprintError } from './validate-blueprint';

const hasTag = (item: SnapshotSourceItem, tag: string): boolean => (item.tags ?? []).includes(tag);

/** Every problem between `blueprint` (already valid) and the bank items of its skills; [] when there is none. */
export function blueprintBankIssues(blueprint: Blueprint, sourceItems: readonly SnapshotSourceItem[]): BlueprintError[] {
  const errors: BlueprintError[] = [];

  // itemTags: each tag must select something (a misspelt project tag would silently shrink the pool)
  blueprint.skills.forEach((s, i) => {
    const active = sourceItems.filter((item) => item.status === 'active' && item.skill === s.skill);
    s.itemTags?.forEach((tag, k) => {
      if (!active.some((item) => hasTag(item, tag)))
        errors.push({ path: `skills[${i}].itemTags[${k}]`, message: `no active item of skill "${s.skill}" carries tag "${tag}"` });
    });
  });

  const used = blueprintItems(blueprint, sourceItems);
  // the skills every tasker takes: a content minimum must be reachable in every placement
  const guaranteed = blueprint.skills.filter((s) => blueprint.includeDomainsFrom === 'all' || s.kind === 'general');
  const whose = blueprint.includeDomainsFrom === 'all' ? 'its skills' : 'its general skills (the only ones every tasker takes)';

  blueprint.content?.forEach((c, i) => {
    const tagged = used.filter((item) => hasTag(item, c.tag));
    if (tagged.length === 0) {
      errors.push({ path: `content[${i}].tag`, message: `no item this blueprint uses carries tag "${c.tag}" (active items of its skills, after their itemTags filters)` });
      return;
    }
    const reachable = Math.min(
      blueprint.cat.stopping.maxItems,
      guaranteed.reduce((sum, s) => sum + Math.min(s.maxItems, tagged.filter((item) => item.skill === s.skill).length), 0),
    );
    if (c.minItems !== undefined && c.minItems > reachable)
      errors.push({
        path: `content[${i}].minItems`,
        message: `needs ${count(c.minItems, 'item')} tagged "${c.tag}", but a placement can give at most ${reachable}: the tagged items of ${whose}, within their maxItems`,
      });
    if (c.targetShare !== undefined && reachable === 0)
      errors.push({ path: `content[${i}].targetShare`, message: `no item tagged "${c.tag}" belongs to ${whose}` });
    if (c.maxItems !== undefined) {
      // items of the tag some skill cannot do without, if a tasker measured on every skill is to meet each minimum
      const forced = blueprint.skills.reduce((sum, s) => {
        const untagged = used.filter((item) => item.skill === s.skill && !hasTag(item, c.tag)).length;
        return sum + Math.max(0, s.minItems - untagged);
      }, 0);
      if (forced > c.maxItems)
        errors.push({
          path: `content[${i}].maxItems`,
          message: `is ${c.maxItems}, but the skills' minItems cannot be met with fewer than ${count(forced, 'item')} tagged "${c.tag}"`,
        });
    }
  });
  return errors;
}
