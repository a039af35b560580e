// Content constraints (blueprint) resolved against a compiled bank, and the up-front feasibility check.

import type { CompiledBank } from './compiled';
import type { NormalizedConfig, NormalizedConstraint } from './config';
import { InfeasibleBlueprintError } from './errors';
import { memoPerBankAndConfig } from './memo';
import { maxEnemyFree, unreachableMinimum, type MinimumGroup } from './minimums';

export interface ResolvedConstraint extends NormalizedConstraint {
  /** bank skill index (kind 'skill') or tag index (kind 'tag'); −1 when the bank has none */
  idx: number;
}

export const resolveConstraints: (bank: CompiledBank, cfg: NormalizedConfig) => ResolvedConstraint[] = memoPerBankAndConfig((bank, cfg) =>
  cfg.constraints.map((c) => ({
    ...c,
    idx: (c.kind === 'skill' ? bank.skillIndex.get(c.value) : bank.tagIndex.get(c.value)) ?? -1,
  })),
);

/** Does item i belong to the constraint's group? */
export function inGroup(bank: CompiledBank, i: number, c: ResolvedConstraint): boolean {
  if (c.idx < 0) return false;
  if (c.kind === 'skill') return bank.skill[i] === c.idx;
  const end = bank.tagOffset[i + 1] as number;
  for (let t = bank.tagOffset[i] as number; t < end; t++) if (bank.tagIds[t] === c.idx) return true;
  return false;
}

export interface FeasibilityInput {
  bank: CompiledBank;
  cfg: NormalizedConfig;
  /** bank indices available to this session (active, session skill, not excluded) */
  available: number[];
  /** enemy groups as bank indices */
  enemyGroups: number[][];
  sessionSkills: string[];
  effMin: number[];
  effMax: number[];
}

/**
 * Throw InfeasibleBlueprintError when a hard constraint cannot be met with the available items:
 * each skill's and tag's minimum (respecting enemy groups and, for tags, the skills' maximums), the target
 * groups (a positive target needs at least one item), the test minimum length, and minimums that cannot share an
 * item summing past `maxItems` (`unreachableMinimum`, the check selection repeats before every item).
 */
export function checkFeasibility(input: FeasibilityInput): void {
  const { bank, cfg, available, enemyGroups, sessionSkills, effMin, effMax } = input;
  const groupsOf = new Map<number, number[]>();
  enemyGroups.forEach((g, k) => {
    for (const i of g) {
      const l = groupsOf.get(i);
      if (l) l.push(k);
      else groupsOf.set(i, [k]);
    }
  });
  const bySkill = new Map<number, number[]>();
  for (const i of available) {
    const s = bank.skill[i] as number;
    const l = bySkill.get(s);
    if (l) l.push(i);
    else bySkill.set(s, [i]);
  }
  const skillAvail: number[] = sessionSkills.map((name) => {
    const si = bank.skillIndex.get(name);
    return si === undefined ? 0 : maxEnemyFree(bySkill.get(si) ?? [], groupsOf);
  });
  sessionSkills.forEach((name, s) => {
    const need = effMin[s] as number;
    if (need > (skillAvail[s] as number))
      throw new InfeasibleBlueprintError(`skill:${name} min ${need}`, need, skillAvail[s] as number, 'items of the skill available to this tasker');
    if ((skillAvail[s] as number) === 0)
      throw new InfeasibleBlueprintError(`skill:${name}`, 1, 0, 'the session measures this skill but no item of it is available');
  });
  for (const c of resolveConstraints(bank, cfg)) {
    const needMin = c.min;
    const needTarget = c.target !== undefined && c.target > 0 ? 1 : 0;
    if (needMin === 0 && needTarget === 0) continue;
    let avail: number;
    if (c.kind === 'skill') {
      const s = sessionSkills.indexOf(c.value);
      if (s < 0) {
        if (needMin > 0 || needTarget > 0)
          throw new InfeasibleBlueprintError(`${c.label} min ${needMin}`, Math.max(needMin, 1), 0, 'skill is not measured in this session');
        continue;
      }
      avail = Math.min(skillAvail[s] as number, effMax[s] as number);
    } else {
      avail = 0;
      sessionSkills.forEach((name, s) => {
        const si = bank.skillIndex.get(name);
        if (si === undefined) return;
        const members = (bySkill.get(si) ?? []).filter((i) => inGroup(bank, i, c));
        avail += Math.min(maxEnemyFree(members, groupsOf), effMax[s] as number);
      });
    }
    avail = Math.min(avail, cfg.maxItems);
    if (needMin > avail) throw new InfeasibleBlueprintError(`${c.label} min ${needMin}`, needMin, avail);
    if (needTarget > avail)
      throw new InfeasibleBlueprintError(`${c.label} target ${c.target}`, 1, 0, 'a positive target needs available items');
  }
  let total = 0;
  sessionSkills.forEach((_, s) => (total += Math.min(skillAvail[s] as number, effMax[s] as number)));
  if (cfg.minItems > total)
    throw new InfeasibleBlueprintError(`stopping.minItems ${cfg.minItems}`, cfg.minItems, total, 'items available in the session skills');
  const pool = new Uint8Array(bank.size);
  for (const i of available) pool[i] = 1;
  const roomBySkill = new Map<number, number>();
  sessionSkills.forEach((name, s) => {
    const si = bank.skillIndex.get(name);
    if (si !== undefined) roomBySkill.set(si, effMax[s] as number);
  });
  const error = unreachableMinimum({
    bank,
    groups: minimumGroups(bank, cfg, sessionSkills, effMin, () => 0),
    pool,
    remaining: cfg.maxItems,
    skillRoom: (si) => roomBySkill.get(si) ?? 0,
    enemyGroups,
  });
  if (error) throw error;
}

/**
 * Every content minimum of the session as a group: the skills' effective minimums (blueprint and
 * `stopping.skills[s].minItems`) and the tags' blueprint minimums, with `countOf(k)` items given so far for
 * constraint k (skills: counted by the caller through `skillCount`).
 */
export function minimumGroups(
  bank: CompiledBank,
  cfg: NormalizedConfig,
  sessionSkills: string[],
  effMin: number[],
  countOfTag: (constraintIndex: number) => number,
  skillCount: (sessionSkill: number) => number = () => 0,
): MinimumGroup[] {
  const groups: MinimumGroup[] = [];
  sessionSkills.forEach((name, s) => {
    const si = bank.skillIndex.get(name);
    const min = effMin[s] as number;
    if (si !== undefined && min > 0)
      groups.push({ label: `skill:${name}`, min, count: skillCount(s), member: (i) => bank.skill[i] === si });
  });
  const members = tagMembership(bank, cfg);
  resolveConstraints(bank, cfg).forEach((c, k) => {
    const inTag = members[k];
    if (c.kind !== 'tag' || c.min <= 0 || !inTag) return;
    groups.push({ label: c.label, min: c.min, count: countOfTag(k), member: (i) => inTag[i] === 1 });
  });
  return groups;
}

/** Per constraint k, for tag constraints present in the bank: member[i] = 1 when item i carries the tag (cached). */
const tagMembership = memoPerBankAndConfig((bank, cfg): (Uint8Array | undefined)[] =>
  resolveConstraints(bank, cfg).map((c) => {
    if (c.kind !== 'tag' || c.idx < 0) return undefined;
    const member = new Uint8Array(bank.size);
    for (let i = 0; i < bank.size; i++) if (inGroup(bank, i, c)) member[i] = 1;
    return member;
  }),
);
