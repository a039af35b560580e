// Content constraints (blueprint) resolved against a compiled bank, and the up-front feasibility check.

import type { CompiledBank } from './compiled';
import type { NormalizedConfig, NormalizedConstraint } from './config';
import { InfeasibleBlueprintError } from './errors';

export interface ResolvedConstraint extends NormalizedConstraint {
  /** bank skill index (kind 'skill') or tag index (kind 'tag'); −1 when the bank has none */
  idx: number;
}

const resolvedCache = new WeakMap<CompiledBank, WeakMap<NormalizedConfig, ResolvedConstraint[]>>();

export function resolveConstraints(bank: CompiledBank, cfg: NormalizedConfig): ResolvedConstraint[] {
  let m = resolvedCache.get(bank);
  if (!m) {
    m = new WeakMap();
    resolvedCache.set(bank, m);
  }
  let r = m.get(cfg);
  if (!r) {
    r = cfg.constraints.map((c) => ({
      ...c,
      idx: (c.kind === 'skill' ? bank.skillIndex.get(c.value) : bank.tagIndex.get(c.value)) ?? -1,
    }));
    m.set(cfg, r);
  }
  return r;
}

/** Does item i belong to the constraint's group? */
export function inGroup(bank: CompiledBank, i: number, c: ResolvedConstraint): boolean {
  if (c.idx < 0) return false;
  if (c.kind === 'skill') return bank.skill[i] === c.idx;
  const end = bank.tagOffset[i + 1] as number;
  for (let t = bank.tagOffset[i] as number; t < end; t++) if (bank.tagIds[t] === c.idx) return true;
  return false;
}

/**
 * Largest number of items of `candidates` that can appear together given enemy groups (greedy independent
 * set; exact when enemy groups are disjoint).
 */
export function enemyFreeCount(candidates: number[], groupsOf: Map<number, number[]>): number {
  const free = candidates.filter((i) => !groupsOf.has(i)).length;
  const inGroups = candidates
    .filter((i) => groupsOf.has(i))
    .sort((x, y) => (groupsOf.get(x)?.length ?? 0) - (groupsOf.get(y)?.length ?? 0));
  const used = new Set<number>();
  let count = free;
  for (const i of inGroups) {
    const gs = groupsOf.get(i) ?? [];
    if (gs.every((g) => !used.has(g))) {
      count++;
      for (const g of gs) used.add(g);
    }
  }
  return count;
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
 * groups (a positive target needs at least one item), and the test minimum length.
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
    return si === undefined ? 0 : enemyFreeCount(bySkill.get(si) ?? [], groupsOf);
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
        avail += Math.min(enemyFreeCount(members, groupsOf), effMax[s] as number);
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
}
