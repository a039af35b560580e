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
  const summary = summarizePool(input);
  return summary ? verdict(summary, input.remaining, input.skillRoom, -1) : undefined;
}

/** `unreachableMinimum` on an already summarised pool. */
export function unreachableIn(
  summary: PoolSummary,
  remaining: number,
  skillRoom: (bankSkill: number) => number,
): InfeasibleBlueprintError | undefined {
  return verdict(summary, remaining, skillRoom, -1);
}

/**
 * The same verdict after serving item i, computed from `summary` (of the pool before i) without a pass over the
 * bank — valid only for a "plain" item: in no enemy group of the pool, and filling no skill or group maximum,
 * so the pool afterwards is the pool without i. Returns undefined when every minimum stays reachable.
 */
export function unreachableAfterPlainPick(
  summary: PoolSummary,
  i: number,
  remaining: number,
  skillRoom: (bankSkill: number) => number,
): InfeasibleBlueprintError | undefined {
  return verdict(summary, remaining - 1, skillRoom, i);
}

/** Per open group: its items in the pool, counted per skill (enemy-group members apart), and pairwise overlaps. */
export interface PoolSummary {
  bank: CompiledBank;
  open: MinimumGroup[];
  /** per open group: skill → { free: items in no enemy group, grouped: items in one, touched: enemy groups hit } */
  buckets: Map<number, { free: number; grouped: number; touched: number }>[];
  /** overlap[k][h]: pool items in both open groups k and h */
  overlap: number[][];
  /** enemy groups of each pool item that is in one */
  groupsOf: Map<number, number[]>;
}

export function summarizePool(input: ReachabilityInput): PoolSummary | undefined {
  const { bank, pool } = input;
  const open = input.groups.filter((g) => g.count < g.min);
  if (open.length === 0) return undefined;
  const groupsOf = enemyGroupsByItem(input.enemyGroups, pool);
  const touchedSets = open.map(() => new Map<number, Set<number>>());
  const buckets = open.map(() => new Map<number, { free: number; grouped: number; touched: number }>());
  const overlap = open.map(() => open.map(() => 0));
  const inGroups: number[] = [];
  for (let i = 0; i < bank.size; i++) {
    if (pool[i] === 0) continue;
    inGroups.length = 0;
    for (let k = 0; k < open.length; k++) if ((open[k] as MinimumGroup).member(i)) inGroups.push(k);
    if (inGroups.length === 0) continue;
    const s = bank.skill[i] as number;
    const enemies = groupsOf.get(i);
    for (const k of inGroups) {
      const bucketMap = buckets[k] as Map<number, { free: number; grouped: number; touched: number }>;
      let bucket = bucketMap.get(s);
      if (!bucket) bucketMap.set(s, (bucket = { free: 0, grouped: 0, touched: 0 }));
      if (!enemies) bucket.free++;
      else {
        bucket.grouped++;
        const sets = touchedSets[k] as Map<number, Set<number>>;
        let set = sets.get(s);
        if (!set) sets.set(s, (set = new Set()));
        for (const g of enemies) set.add(g);
        bucket.touched = set.size;
      }
      for (const h of inGroups) (overlap[k] as number[])[h] = ((overlap[k] as number[])[h] as number) + 1;
    }
  }
  return { bank, open, buckets, overlap, groupsOf };
}

/** The two necessary conditions on `summary`'s pool, with plain item `picked` (≥ 0) served first. */
function verdict(
  summary: PoolSummary,
  remaining: number,
  skillRoom: (bankSkill: number) => number,
  picked: number,
): InfeasibleBlueprintError | undefined {
  const { bank, open, buckets, overlap } = summary;
  const pickedSkill = picked >= 0 ? (bank.skill[picked] as number) : -1;
  const member = open.map((g) => picked >= 0 && g.member(picked));
  const count = (k: number): number => (open[k] as MinimumGroup).count + (member[k] ? 1 : 0);
  for (let k = 0; k < open.length; k++) {
    const g = open[k] as MinimumGroup;
    let room = 0;
    for (const [s, b] of buckets[k] as Map<number, { free: number; grouped: number; touched: number }>) {
      const free = b.free - (member[k] && s === pickedSkill ? 1 : 0);
      room += Math.min(free + Math.min(b.grouped, b.touched), skillRoom(s) - (s === pickedSkill ? 1 : 0));
    }
    room = Math.max(0, Math.min(room, remaining));
    const given = count(k);
    if (g.min - given > room)
      return new InfeasibleBlueprintError(
        `${g.label} min ${g.min}`,
        g.min,
        given + room,
        given > 0 ? `${given} given, at most ${room} more can be` : undefined,
      );
  }
  // Separate slots for groups that cannot share an item.
  const shortfall = (k: number): number => Math.max(0, (open[k] as MinimumGroup).min - count(k));
  const shares = (k: number, h: number): boolean =>
    ((overlap[k] as number[])[h] as number) - (member[k] && member[h] ? 1 : 0) > 0;
  const order = open.map((_, k) => k).sort((x, y) => shortfall(y) - shortfall(x) || x - y);
  const family: number[] = [];
  let needed = 0;
  for (const k of order) {
    if (shortfall(k) === 0 || family.some((f) => shares(f, k))) continue;
    family.push(k);
    needed += shortfall(k);
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
