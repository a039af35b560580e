// Course variants (GET /v1/insights/courses/{id}, docs/insights.md "Course effectiveness"): each variant's mean gain
// with its 95% interval as a chart, and each comparison with the control in words: the pre-adjusted difference, its
// always-valid p and confidence sequence, or "not enough data yet".
import { api } from '../../api';
import { Notice, Page } from '../../components';
import { useLoad } from '../../use-load';
import { ChartFigure, interval, num, percent } from './chart-figure';
import { CourseList } from './course-list';
import { OpenById, orNotFound, TableScroll, TrainingNav } from './shared';

type Interval = [number, number];
interface Variant {
  variant: string;
  n: number;
  withPost: number;
  gain: { n: number; mean: number; se: number; ci95: Interval } | null;
  exitRate: { x: number; n: number; p: number };
  medianDaysToProficiency: number | null;
}
type Comparison =
  | { status: 'not-enough-data'; minPerVariant: number; nA: number; nB: number; control: string; treatment: string }
  | {
      status: 'ok';
      control: string;
      treatment: string;
      ancova: { n: number; estimate: number; se: number; ci95: Interval; p: number };
      sequential: { alwaysValidP: number; confidenceSequence: Interval; reject: boolean; alpha: number };
    };
export interface CourseReport {
  courseId: string;
  skill: string;
  filters: { from: string; to: string };
  status: 'ok' | 'not-enough-data';
  minPerVariant: number;
  sequentialTest: { method: string; alpha: number };
  enrolled: number;
  withoutPre: number;
  variants: Variant[];
  control: string | null;
  comparisons: Comparison[];
}

export function CourseVariantsHome() {
  return (
    <Page title="Course variants">
      <TrainingNav current="/training/courses" />
      <div class="card">
        <p>How much each variant of a course raised proficiency, and whether a variant beats the control.</p>
        <OpenById base="/training/courses" label="Course id" button="Show the course" />
      </div>
      <CourseList />
    </Page>
  );
}

function GainChart({ report }: { report: CourseReport }) {
  const measured = report.variants.filter((v) => v.gain);
  if (measured.length === 0) return null;
  return (
    <ChartFigure
      testId="gains-chart"
      caption={`Mean gain in ${report.skill} per variant (post − pre proficiency), with 95% intervals`}
      label={`Mean gain with 95% interval for ${measured.map((v) => `${v.variant} ${num(v.gain!.mean)}`).join(', ')}`}
      config={{
        type: 'bar',
        data: {
          labels: measured.map((v) => v.variant),
          datasets: [
            { label: 'mean gain', data: measured.map((v) => v.gain!.mean), backgroundColor: '#1f5fa8' },
            { label: '95% interval', data: measured.map((v) => v.gain!.ci95), backgroundColor: 'rgba(179,71,0,0.35)', borderColor: '#b34700', borderWidth: 1, barPercentage: 0.3 },
          ],
        },
        options: { scales: { y: { title: { display: true, text: 'gain in proficiency' } } } },
      }}
    />
  );
}

/** a p-value as people read it: three decimals, and "below 0.001" rather than a misleading 0.000 */
const pValue = (p: number) => (p < 0.001 ? 'below 0.001' : num(p, 3));

function ComparisonText({ c, minPerVariant }: { c: Comparison; minPerVariant: number }) {
  if (c.status === 'not-enough-data')
    return (
      <p data-testid={`comparison-${c.treatment}`}>
        <strong>
          {c.treatment} against {c.control}: not enough data yet.
        </strong>{' '}
        Each variant needs {minPerVariant} taskers measured before and after; so far {c.control} has {c.nA} and {c.treatment} has {c.nB}.
      </p>
    );
  const { ancova, sequential } = c;
  const verdict = sequential.reject
    ? `${c.treatment} ${ancova.estimate > 0 ? 'beats' : 'does worse than'} ${c.control}: the difference is real at the ${percent(sequential.alpha)} level, however often you look.`
    : `No proven difference between ${c.treatment} and ${c.control} yet; keep collecting.`;
  return (
    <div data-testid={`comparison-${c.treatment}`}>
      <p>
        <strong>{verdict}</strong>
      </p>
      <p>
        Taking each tasker’s proficiency before the course into account, {c.treatment} gains{' '}
        <span data-testid="adjusted-difference">{num(ancova.estimate)}</span> more than {c.control} (95% interval {interval(ancova.ci95[0], ancova.ci95[1])}, {ancova.n}{' '}
        taskers). The always-valid p is <span data-testid="always-valid-p">{pValue(sequential.alwaysValidP)}</span> and the confidence sequence{' '}
        <span data-testid="confidence-sequence">{interval(sequential.confidenceSequence[0], sequential.confidenceSequence[1])}</span>: both stay valid however often
        this page is looked at.
      </p>
    </div>
  );
}

export function CourseVariantsPage({ id }: { id: string }) {
  const report = useLoad(() => orNotFound(api<CourseReport>('GET', `/v1/insights/courses/${encodeURIComponent(id)}`)), [id]);
  return (
    <Page title={`Course ${id}: variants`}>
      <TrainingNav current="/training/courses" />
      <div class="card">
        <OpenById base="/training/courses" label="Course id" initial={id} button="Show the course" />
      </div>
      {report.loading && <p>Loading…</p>}
      {report.error && <Notice kind="error">{report.error}</Notice>}
      {report.data && !report.data.found && <Notice>Not available: {report.data.message}</Notice>}
      {report.data?.found && <CourseReportView report={report.data.value} />}
    </Page>
  );
}

function CourseReportView({ report }: { report: CourseReport }) {
  return (
    <>
      <div class="card" data-testid="course-report">
        <p>
          {report.enrolled} enrolled from {report.filters.from.slice(0, 10)} to {report.filters.to.slice(0, 10)}; {report.withoutPre} without a measurement before enrolling
          (not compared). Skill compared: {report.skill}.
        </p>
        {report.status === 'not-enough-data' && (
          <Notice>
            Not enough data yet: a variant needs {report.minPerVariant} taskers measured before and after the course before it is compared.
          </Notice>
        )}
        <GainChart report={report} />
        <TableScroll label="Variants">
          <table data-testid="variants-table">
            <caption>Variants</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Enrolled</th>
                <th scope="col">Measured after</th>
                <th scope="col">Mean gain (95% interval)</th>
                <th scope="col">Finished</th>
                <th scope="col">Median days to proficiency</th>
              </tr>
            </thead>
            <tbody>
              {report.variants.map((v) => (
                <tr key={v.variant} data-variant={v.variant}>
                  <th scope="row">{v.variant}</th>
                  <td>{v.n}</td>
                  <td>{v.withPost}</td>
                  <td data-testid={`gain-${v.variant}`}>{v.gain ? `${num(v.gain.mean)} (${interval(v.gain.ci95[0], v.gain.ci95[1])})` : 'not enough data yet'}</td>
                  <td>{v.exitRate.n > 0 ? `${percent(v.exitRate.p)} of ${v.exitRate.n}` : '—'}</td>
                  <td>{v.medianDaysToProficiency === null ? '—' : num(v.medianDaysToProficiency, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      {report.comparisons.length > 0 && (
        <div class="card">
          <h2>Against the control ({report.control})</h2>
          {report.comparisons.map((c) => (
            <ComparisonText key={c.treatment} c={c} minPerVariant={report.minPerVariant} />
          ))}
          <p class="hint">Method: {report.sequentialTest.method}</p>
        </div>
      )}
    </>
  );
}
