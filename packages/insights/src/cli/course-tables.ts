// The course-effectiveness and item-health reports as plain-text tables (the CLI's default output).
import type { Comparison } from '../courses/course-stats';
import type { CourseInsightReport } from '../courses/course-insight';
import type { ErrorsReport } from '../errors/report';
import { proportion, table } from './tables';

const f = (x: number, digits = 2) => x.toFixed(digits);
const interval = ([lo, hi]: readonly [number, number] | [number, number], digits = 2) => `[${f(lo, digits)}, ${f(hi, digits)}]`;
const pValue = (p: number) => (p < 0.0001 ? '<0.0001' : p.toFixed(4));

/** the verdict of the always-valid test, in words */
export function verdict(c: Comparison): string {
  if (c.status !== 'ok') return `not enough data yet (${c.nA}/${c.nB} with a post-test; need ${c.minPerVariant} each)`;
  if (!c.sequential.reject) return 'no significant difference (yet)';
  return c.ancova.estimate > 0 ? `${c.treatment} better than ${c.control}` : `${c.treatment} worse than ${c.control}`;
}

export function courseTables(r: CourseInsightReport, top: number): string {
  const variants = table(
    ['variant', 'enrolled', 'with post', 'mean gain [95% CI]', 'exit rate (95% CI)', 'median days to proficiency (n)', 'RCI +/−/0'],
    r.variants.map((v) => [
      v.variant,
      String(v.n),
      String(v.withPost),
      v.gain ? `${f(v.gain.mean)} ${interval(v.gain.ci95)}` : '–',
      proportion(v.exitRate),
      v.medianDaysToProficiency === null ? '–' : `${f(v.medianDaysToProficiency, 1)} (${v.reachedProficiency})`,
      `${v.reliableChange.improved}/${v.reliableChange.declined}/${v.reliableChange.none}`,
    ]),
  );
  const comparisons = table(
    ['treatment vs control', 'adjusted difference [95% CI]', 'p (fixed n)', 'always-valid p', 'confidence sequence', 'daily looks', 'verdict'],
    r.comparisons.map((c) =>
      c.status === 'ok'
        ? [`${c.treatment} vs ${c.control}`, `${f(c.ancova.estimate, 3)} ${interval(c.ancova.ci95, 3)}`, pValue(c.ancova.p), pValue(c.sequential.alwaysValidP), interval(c.sequential.confidenceSequence, 3), String(c.looks.length), verdict(c)]
        : [`${c.treatment} vs ${c.control}`, '–', '–', '–', '–', String(c.looks.length), verdict(c)],
    ),
  );
  const taskers = table(
    ['tasker', 'variant', 'gain', 'RCI', '95% CI', 'change'],
    r.taskers.items.slice(0, top).map((t) => [t.taskerId, t.variant, f(t.gain), f(t.rci), interval(t.ci95), t.classification]),
  );
  const t = r.sequentialTest;
  return (
    `course ${r.courseId}, skill ${r.skill}: ${r.enrolled} enrolled in [${r.filters.from}, ${r.filters.to}), ${r.withoutPre} without a pre-test (not compared)\n\n` +
    `Variants (gain = post − pre θ)\n${variants}\n\n` +
    `Comparisons (ANCOVA post ~ variant + pre; sequential: ${t.method}, τ = ${t.tau}, α = ${t.alpha}; below ${r.minPerVariant} per variant: not enough data yet)\n${comparisons}\n\n` +
    `Taskers, largest reliable change first (${Math.min(top, r.taskers.shown)} of ${r.taskers.total})\n${taskers}\n`
  );
}

export function itemsTable(report: ErrorsReport, top: number): string {
  const rows = table(
    ['item', 'skill', 'n', 'correct (95% CI)', 'options: share chosen (error tag)', 'flag'],
    report.items.slice(0, top).map((item) => [
      item.itemId,
      item.skill,
      String(item.n),
      proportion(item.correct),
      item.options.map((o) => `${o.answer ?? '(none)'}${o.correct ? '*' : ''} ${(100 * o.chosen.p).toFixed(1)}%${o.errorTag ? ` (${o.errorTag})` : ''}${o.flag ? ' !' : ''}`).join('  '),
      item.flag ?? '',
    ]),
  );
  return `${report.responses} responses, ${report.items.length} items (flagged first; * = correct, ! = strong taskers choose this)\n${rows}\n\nRule: ${report.rule}\n`;
}
