// The common-errors report as plain-text tables (the CLI's default output).
import type { ErrorsReport } from '../errors/report';
import type { Proportion } from '../stats/wilson';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** "23.1% [18.0–29.0] n=160" */
export const proportion = (p: Proportion) => (p.n === 0 ? '– n=0' : `${pct(p.p)} [${(100 * p.lo).toFixed(1)}–${(100 * p.hi).toFixed(1)}] n=${p.n}`);

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function errorsTables(report: ErrorsReport, top: number): string {
  const errors = table(
    ['#', 'skill', 'error tag', 'count', 'rate (95% CI)', 'band 1', 'band 2', 'band 3', 'band 4', 'band 5', 'flag', 'example items'],
    report.errors.slice(0, top).map((e) => [
      String(e.rank),
      e.skill,
      e.errorTag,
      String(e.count),
      proportion(e.rate),
      ...e.byBand.map((b) => (b.n === 0 ? '–' : `${pct(b.p)} (${b.n})`)),
      e.flag ?? '',
      e.exampleItems.map((i) => i.itemId).join(' '),
    ]),
  );
  const items = table(
    ['item', 'skill', 'n', 'correct (95% CI)', 'most chosen wrong option', 'its top-quintile share', 'flag'],
    report.items.slice(0, top).map((item) => {
      const wrong = item.options.find((o) => !o.correct);
      const strong = wrong?.byBand.find((b) => b.band === 5);
      return [
        item.itemId,
        item.skill,
        String(item.n),
        proportion(item.correct),
        wrong ? `${wrong.answer ?? '(none)'}${wrong.errorTag ? ` ${wrong.errorTag}` : ''}: ${proportion(wrong.chosen)}` : '',
        strong ? proportion(strong) : '',
        item.flag ?? '',
      ];
    }),
  );
  return `${report.responses} responses\n\nError tags, by frequency (rate among responses to the items where the tag occurs; bands are θ quintiles, 5 = strongest)\n${errors}\n\nItems (distractor analysis)\n${items}\n\nRule: ${report.rule}\n`;
}
