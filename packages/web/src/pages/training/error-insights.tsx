// Error insights by ability band (GET /v1/insights/errors, docs/insights.md): each error tag's rate per band with
// its 95% Wilson interval, as a chart and as the table, and the flag said in words.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Notice, Page } from '../../components';
import { useLoad } from '../../use-load';
import { CHART_COLORS, ChartFigure, interval, percent } from './chart-figure';
import { TableScroll, TrainingNav } from './shared';

interface Proportion { x: number; n: number; p: number; lo: number; hi: number }
interface ErrorInsight {
  rank: number;
  skill: string;
  errorTag: string;
  count: number;
  shareOfErrors: Proportion;
  rate: Proportion;
  byBand: (Proportion & { band: number })[];
  peakBand: number | null;
  flag: 'ambiguous-item-or-training-gap' | null;
  exampleItems: { itemId: string; rate: Proportion }[];
}
interface ErrorReport { engine: string; filters: { from: string; to: string; skill?: string }; rule: string; responses: number; errors: ErrorInsight[] }

const FLAG_WORDS = 'Strong taskers (band 5) make this mistake often: either the item’s key is arguable or the training never covered it.';
/** the rows the chart draws: the most frequent tags (the table lists them all) */
const CHART_TAGS = 6;

const isoOrUndefined = (day: string, endOfDay: boolean) => (day ? `${day}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : undefined);

function BandChart({ errors }: { errors: ErrorInsight[] }) {
  const shown = errors.slice(0, CHART_TAGS);
  const bands = [1, 2, 3, 4, 5];
  const rateIn = (e: ErrorInsight, band: number) => e.byBand.find((b) => b.band === band);
  return (
    <ChartFigure
      testId="errors-chart"
      caption="How often each mistake is made, by ability band (1 = weakest, 5 = strongest); the bars' whiskers are 95% intervals"
      label={`Error rate by ability band for ${shown.map((e) => e.errorTag).join(', ')}; the table below has every number`}
      config={{
        type: 'bar',
        data: {
          labels: bands.map((b) => `Band ${b}`),
          datasets: shown.flatMap((e, k) => [
            { type: 'bar' as const, label: e.errorTag, data: bands.map((b) => rateIn(e, b)?.p ?? null), backgroundColor: CHART_COLORS[k % CHART_COLORS.length] },
            {
              type: 'bar' as const,
              label: `${e.errorTag} 95% interval`,
              data: bands.map((b) => {
                const r = rateIn(e, b);
                return r ? ([r.lo, r.hi] as [number, number]) : null;
              }),
              backgroundColor: 'rgba(0,0,0,0.18)',
              borderColor: CHART_COLORS[k % CHART_COLORS.length],
              borderWidth: 1,
              barPercentage: 0.25,
            },
          ]),
        },
        options: { scales: { y: { min: 0, max: 1, title: { display: true, text: 'share of responses making the mistake' } } } },
      }}
    />
  );
}

export function ErrorInsightsPage() {
  const [form, setForm] = useState({ skill: '', from: '', to: '' });
  const [filters, setFilters] = useState(form);
  const report = useLoad(
    () => api<ErrorReport>('GET', '/v1/insights/errors', { query: { skill: filters.skill || undefined, from: isoOrUndefined(filters.from, false), to: isoOrUndefined(filters.to, true) } }),
    [filters.skill, filters.from, filters.to],
  );
  const set = (name: keyof typeof form) => (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value });
  const day = (name: 'from' | 'to', label: string) => (
    <div class="field">
      <label for={`errors-${name}`}>{label}</label>
      <input id={`errors-${name}`} type="date" value={form[name]} onInput={set(name)} />
    </div>
  );
  return (
    <Page title="Error insights by ability band">
      <TrainingNav current="/training/errors" />
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(form);
        }}
      >
        <div class="field">
          <label for="errors-skill">Skill (empty: all)</label>
          <input id="errors-skill" type="text" value={form.skill} onInput={set('skill')} />
        </div>
        {day('from', 'From (UTC day; empty: 90 days ago)')}
        {day('to', 'To (UTC day, included; empty: now)')}
        <button type="submit">Show insights</button>
      </form>
      {report.loading && <p>Loading…</p>}
      {report.error && <Notice kind="error">{report.error}</Notice>}
      {report.data && (
        <div class="card" data-testid="errors-report">
          <p>
            {report.data.responses} responses from {report.data.filters.from.slice(0, 10)} to {report.data.filters.to.slice(0, 10)}
            {report.data.filters.skill ? ` in ${report.data.filters.skill}` : ''}.
          </p>
          {report.data.errors.length === 0 ? (
            <p data-testid="errors-empty">No mistakes were recorded in this window.</p>
          ) : (
            <>
              <BandChart errors={report.data.errors} />
              <TableScroll label="Mistakes ranked by how often they were made, with the rate in each ability band (95% interval)">
                <table data-testid="errors-table">
                  <caption>Mistakes ranked by how often they were made, with the rate in each ability band (95% interval)</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Mistake</th>
                      <th scope="col">Skill</th>
                      <th scope="col">Times</th>
                      <th scope="col">Rate</th>
                      {[1, 2, 3, 4, 5].map((b) => (
                        <th scope="col" key={b}>
                          Band {b}
                        </th>
                      ))}
                      <th scope="col">Flag</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.data.errors.map((e) => (
                      <tr key={`${e.skill}-${e.errorTag}`} data-tag={e.errorTag}>
                        <td>{e.rank}</td>
                        <th scope="row">{e.errorTag}</th>
                        <td>{e.skill}</td>
                        <td>{e.count}</td>
                        <td>
                          {percent(e.rate.p)} ({interval(e.rate.lo, e.rate.hi, percent)})
                        </td>
                        {[1, 2, 3, 4, 5].map((b) => {
                          const r = e.byBand.find((x) => x.band === b);
                          return (
                            <td key={b} data-band={b}>
                              {r && r.n > 0 ? `${percent(r.p)} (${interval(r.lo, r.hi, percent)}; ${r.x} of ${r.n})` : 'no responses'}
                            </td>
                          );
                        })}
                        <td>{e.flag ? <strong>{FLAG_WORDS}</strong> : e.peakBand ? `Most common in band ${e.peakBand}` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          )}
          <p class="hint">How a mistake gets flagged: {report.data.rule}</p>
        </div>
      )}
    </Page>
  );
}
