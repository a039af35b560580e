// A/B allocation: which variant of a course a tasker gets. Pure and deterministic so a retry, another region or a
// replay computes the same answer; the enrollment still records it (a later weight change does not move anyone).
import { hashString } from '@theta/irt';

const UINT32 = 4294967296;

/**
 * The variant for (courseId, taskerId): the seeded FNV-1a hash of both, as a uniform in [0, 1), falls into one
 * variant's share of the cumulative weights. The course id is in the seed so a tasker's variants in two courses
 * are independent. FNV-1a alone mixes its last bytes poorly, so the hash goes through a murmur3 finalizer.
 */
export function assignVariant(courseId: string, taskerId: string, variants: readonly { id: string; weight: number }[]): string {
  if (variants.length === 0) throw new Error(`course '${courseId}' has no variants`);
  const u = mix32(hashString(`${courseId}\u0000${taskerId}`)) / UINT32;
  const total = variants.reduce((s, v) => s + v.weight, 0);
  let acc = 0;
  for (const v of variants) {
    acc += v.weight / total;
    if (u < acc) return v.id;
  }
  // rounding can leave u just above the last cumulative share
  return variants[variants.length - 1]!.id;
}

/** murmur3's fmix32: spreads every input bit over the output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
