// Ops' bulk reroute: a rule, a dry run that lists who would move and why, then apply. The job runs in the
// background (RunBulkReroutes); the card polls the job until each phase is done.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, newRequestKey } from '../api';
import { Notice } from '../components';

interface Job {
  id: string;
  status: 'previewing' | 'previewed' | 'applying' | 'applied';
  fromTrack: string;
  toTrack: string;
  counts: { examined: number; candidates: number; moved: number; skipped: number };
}
interface JobView {
  job: Job;
  candidates: { taskerId: string; why: string; outcome?: 'moved' | 'skipped'; outcomeWhy?: string }[];
  cursor?: string;
}

const POLL_MS = 1500;
const running = (s: Job['status']) => s === 'previewing' || s === 'applying';

export function BulkRerouteCard() {
  const [form, setForm] = useState({ fromTrack: 'generalist', toTrack: '', skill: '', cut: '0', certainty: '0.95', reason: '' });
  const [view, setView] = useState<JobView | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);

  // while the job works, read it again every POLL_MS
  useEffect(() => {
    if (!view || !running(view.job.status)) return;
    const timer = setTimeout(() => {
      api<JobView>('GET', `/v1/bulk-reroutes/${view.job.id}`, { query: { limit: 100 } }).then(setView, (e: unknown) => setError(describeError(e)));
      setTick((t) => t + 1);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [view, tick]);

  const input = (name: keyof typeof form, label: string, hint?: string) => (
    <div>
      <label for={`bulk-${name}`}>{label}</label>
      <input id={`bulk-${name}`} type="text" placeholder={hint} value={form[name]} onInput={(e) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value })} />
    </div>
  );
  const preview = async () => {
    setError(undefined);
    try {
      const body = {
        fromTrack: form.fromTrack.trim(),
        toTrack: form.toTrack.trim(),
        reason: form.reason.trim(),
        rule: { kind: 'skill-below', skill: form.skill.trim(), cut: Number(form.cut), certainty: Number(form.certainty) },
      };
      const { job } = await api<{ job: Job }>('POST', '/v1/bulk-reroutes', { body, idempotencyKey: newRequestKey('bulk') });
      setView({ job, candidates: [] });
    } catch (e) {
      setError(describeError(e));
    }
  };
  const apply = async () => {
    if (!view) return;
    try {
      const { job } = await api<{ job: Job }>('POST', `/v1/bulk-reroutes/${view.job.id}/apply`);
      setView({ ...view, job });
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div class="card">
      <h2>Bulk reroute</h2>
      <p>Move every tasker on a track whose skill is below a cut with the certainty you choose. You see who would move, and why, before anyone moves.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        {input('fromTrack', 'From track')}
        {input('toTrack', 'To track', 'e.g. remedial:coding')}
        {input('skill', 'Skill below the cut', 'e.g. coding')}
        {input('cut', 'Cut (θ)')}
        {input('certainty', 'Certainty (0.5 to 0.999)')}
        {input('reason', 'Reason (for the audit)')}
        <button type="submit">Preview who would move</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {view && (
        <div data-testid="bulk-job">
          <p role="status">
            {view.job.status === 'previewing' && 'Working out who would move…'}
            {view.job.status === 'previewed' && `${view.job.counts.candidates} of ${view.job.counts.examined} taskers checked would move from ${view.job.fromTrack} to ${view.job.toTrack}.`}
            {view.job.status === 'applying' && 'Moving them…'}
            {view.job.status === 'applied' && `Done: ${view.job.counts.moved} moved, ${view.job.counts.skipped} skipped (moved elsewhere since the preview).`}
          </p>
          {view.candidates.length > 0 && (
            <table>
              <caption>Who {view.job.status === 'applied' ? 'was considered' : 'would move'}, and why</caption>
              <thead>
                <tr>
                  <th scope="col">Tasker</th>
                  <th scope="col">Why</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {view.candidates.map((c) => (
                  <tr key={c.taskerId}>
                    <td>
                      <a href={`#/ops/taskers/${encodeURIComponent(c.taskerId)}`}>{c.taskerId}</a>
                    </td>
                    <td>{c.why}</td>
                    <td>{c.outcome ? `${c.outcome}${c.outcomeWhy ? `: ${c.outcomeWhy}` : ''}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.cursor && <p>Showing the first {view.candidates.length}; the API lists the rest.</p>}
          {view.job.status === 'previewed' && view.job.counts.candidates > 0 && (
            <button type="button" onClick={() => void apply()}>
              Move these {view.job.counts.candidates} taskers
            </button>
          )}
        </div>
      )}
    </div>
  );
}
