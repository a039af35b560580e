// Can the outstanding content minimums still be met? A necessary condition, checked up front (startSession),
// before every selection, and for the item about to be served (so selection never makes a minimum unreachable):
//   1. each group's shortfall fits in what the session can still give of it: its pool items (enemy groups let at
//      most one of their members in), within each skill's remaining room, and within the remaining slots;
//   2. groups that cannot share an item (no pool item belongs to both) need separate slots: the shortfalls of
//      such a family must fit in the remaining slots together (family built greedily, largest shortfall first).
// Both bounds are sound — they only fail when no continuation can meet every minimum — so a session is never
// refused while it could still succeed; an infeasibility they miss (a rare combination) surfaces at the latest
// when the slots run out, as the same error, never as a silently dropped minimum.
import type { CompiledBank } from './compiled';
import { InfeasibleBlueprintError } from './errors';

export interface MinimumGroup {
  /** constraint label, e.g. `tag:logic` or `skill:math` */
  label: string;
  min: number;
  /** items of the group administered so far */
  count: number;
  member: (i: number) => boolean;
}

export interface ReachabilityInput {
  bank: CompiledBank;
  groups: MinimumGroup[];
  /** pool[i] = 1 when the session could still give item i (eligible, ignoring skills' stop flags) */
  pool: Uint8Array;
  /** slots left in the test */
  remaining: number;
  /** slots left per bank skill index (0 for skills outside the session) */
  skillRoom: (bankSkill: number) => number;
  /** enemy groups as bank indices (a group with an administered member is already out of the pool) */
  enemyGroups: number[][];
}

/** The first minimum that can no longer be met, as the error to throw; undefined when all are still reachable. */
export function unreachableMinimum(input: ReachabilityInput): InfeasibleBlueprintError | undefined {
  const { bank, pool, remaining, skillRoom } = input;
  const open = input.groups.filter((g) => g.count < g.min);
  if (open.length === 0) return undefined;
  const members = open.map(() => [] as number[]);
  for (let i = 0; i < bank.size; i++) {
    if (pool[i] === 0) continue;
    open.forEach((g, k) => {
      if (g.member(i)) (members[k] as number[]).push(i);
    });
  }
  const groupsOf = enemyGroupsByItem(input.enemyGroups, pool);
  for (let k = 0; k < open.length; k++) {
    const g = open[k] as MinimumGroup;
    const bySkill = new Map<number, number[]>();
    for (const i of members[k] as number[]) {
      const s = bank.skill[i] as number;
      const list = bySkill.get(s);
      if (list) list.push(i);
      else bySkill.set(s, [i]);
    }
    let room = 0;
    for (const [s, list] of bySkill) room += Math.min(maxEnemyFree(list, groupsOf), skillRoom(s));
    room = Math.min(room, remaining);
    if (g.min - g.count > room)
      return new InfeasibleBlueprintError(
        `${g.label} min ${g.min}`,
        g.min,
        g.count + room,
        g.count > 0 ? `${g.count} given, at most ${room} more can be` : undefined,
      );
  }
  // Separate slots for groups that cannot share an item.
  const order = open.map((_, k) => k).sort((x, y) => deficit(open[y] as MinimumGroup) - deficit(open[x] as MinimumGroup) || x - y);
  const family: number[] = [];
  let needed = 0;
  for (const k of order) {
    const mine = new Set(members[k]);
    if (family.some((f) => (members[f] as number[]).some((i) => mine.has(i)))) continue;
    family.push(k);
    needed += deficit(open[k] as MinimumGroup);
  }
  if (family.length > 1 && needed > remaining) {
    const labels = family.map((k) => `${(open[k] as MinimumGroup).label} min ${(open[k] as MinimumGroup).min}`).join(' + ');
    return new InfeasibleBlueprintError(
      labels,
      needed,
      remaining,
      'these minimums cannot share an item, so their outstanding items need separate slots',
    );
  }
  return undefined;
}

function deficit(g: MinimumGroup): number {
  return g.min - g.count;
}

/** For each pool item in an enemy group, the indices of its groups (restricted to the pool). */
function enemyGroupsByItem(groups: number[][], pool: Uint8Array): Map<number, number[]> {
  const out = new Map<number, number[]>();
  groups.forEach((g, k) => {
    for (const i of g) {
      if (pool[i] === 0) continue;
      const list = out.get(i);
      if (list) list.push(k);
      else out.set(i, [k]);
    }
  });
  return out;
}

/**
 * An upper bound on how many of `candidates` can appear together when each enemy group admits at most one of its
 * members: the items outside every group, plus at most one per group touched. Exact when groups are disjoint.
 */
export function maxEnemyFree(candidates: number[], groupsOf: Map<number, number[]>): number {
  let free = 0;
  let grouped = 0;
  const touched = new Set<number>();
  for (const i of candidates) {
    const gs = groupsOf.get(i);
    if (!gs) free++;
    else {
      grouped++;
      for (const g of gs) touched.add(g);
    }
  }
  return free + Math.min(grouped, touched.size);
}
