// Seeded synthetic course experiments with a known truth, for the tests and bench/bench-course-sequential.ts.
import { compareVariants, type CourseRecord, type SequentialLook } from './course-stats';

/** mulberry32: a seeded uniform on [0, 1) */
export function seededUniform(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface SimOptions {
  /** true mean gain per variant */
  gains: Record<string, number>;
  perVariant: number;
  /** measurement SE of each θ estimate (default 0.3) */
  se?: number;
  /** SD of true individual gains (default 0.2) */
  gainSd?: number;
  prefix?: string;
}

/** taskers with true θ ~ N(0,1), estimates θ + N(0, se²), true gain ~ N(gain, gainSd²) */
export function simulateCourse(normal: () => number, o: SimOptions): CourseRecord[] {
  const se = o.se ?? 0.3;
  const gainSd = o.gainSd ?? 0.2;
  const out: CourseRecord[] = [];
  for (const [variant, gain] of Object.entries(o.gains)) {
    for (let i = 0; i < o.perVariant; i++) {
      const theta = normal();
      const post = theta + gain + gainSd * normal();
      out.push({
        taskerId: `${o.prefix ?? 't'}-${variant}-${i}`,
        variant,
        pre: { theta: theta + se * normal(), se },
        post: { theta: post + se * normal(), se },
        reachedExit: post > 0.5,
        daysToProficiency: post > 0.5 ? 5 + 20 * Math.abs(normal()) : undefined,
      });
    }
  }
  return out;
}

export interface PeekingResult {
  experiments: number;
  looks: number;
  sequentialRejections: number;
  naiveRejections: number;
}

/**
 * `experiments` A/A (or A/B) experiments; each day `perDay` taskers join each variant, and the designer looks after
 * every day: the mSPRT's always-valid p ≤ 0.05 vs the naive ANCOVA p < 0.05 at any look.
 */
export function peekingExperiment(seed: number, o: { experiments: number; looks: number; perDay: number; effect?: number }): PeekingResult {
  const normal = seededNormal(seed);
  let sequentialRejections = 0;
  let naiveRejections = 0;
  for (let e = 0; e < o.experiments; e++) {
    const records: CourseRecord[] = [];
    let previous: SequentialLook | undefined;
    let seq = false;
    let naive = false;
    for (let day = 0; day < o.looks; day++) {
      records.push(...simulateCourse(normal, { gains: { a: 0, b: o.effect ?? 0 }, perVariant: o.perDay, prefix: `d${day}` }));
      const c = compareVariants(records, 'a', 'b', previous);
      if (c.status !== 'ok') continue;
      previous = c.sequential;
      if (c.sequential.reject) seq = true;
      if (c.ancova.p < 0.05) naive = true;
    }
    if (seq) sequentialRejections++;
    if (naive) naiveRejections++;
  }
  return { experiments: o.experiments, looks: o.looks, sequentialRejections, naiveRejections };
}

