// Calibration candidates (docs/calibration.md): queue a run (POST /v1/calibrations), the runs newest first
// (GET /v1/calibrations), read its summary and parameter changes (GET /v1/calibrations/{id}), and approve it after a
// confirmation (POST /v1/calibrations/{id}/approve, authors only: the API refuses anyone else).
import { useState } from 'preact/hooks';
import { api, describeError, newRequestKey } from '../../api';
import { Notice, Page } from '../../components';
import { currentUser } from '../../session';
import { useLoad } from '../../use-load';
import { num } from './chart-figure';
import { plainFlag } from './flags';
import { usePagedList } from './paged-list';
import { PagedListCard } from './paged-list-card';
import { OpenById, orNotFound, TableScroll, toMinute, TrainingNav } from './shared';

interface Parameters { model: string; a: number; b?: number; c?: number; thresholds?: number[] }
interface Change { itemId: string; before: Parameters; after: Parameters; promote: boolean }
interface Summary { mode: string; converged: boolean; iterations: number; taskers: number; responses: number; items: number; estimated: number; changed: number; ready: number; flagged: number }
export interface CalibrationRun {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'approved';
  request: { blueprintId?: string };
  requestedBy: string;
  requestedAt: string;
  finishedAt?: string;
  error?: string;
  summary?: Summary;
  approval?: { approvedBy: string; approvedAt: string; bankVersion: number; changes: { itemId: string }[] };
  report?: { candidate: Change[]; items: { itemId: string; flags: string[] }[] };
}

const STATUS_WORDS: Record<CalibrationRun['status'], string> = {
  queued: 'Queued: the calibration job has not picked it up yet',
  running: 'Running',
  completed: 'Completed: waiting for approval; nothing in the bank has changed',
  failed: 'Failed',
  approved: 'Approved: its changes are in the bank',
};
const LAST_QUEUED_KEY = 'theta.training.lastCalibration';

const isAuthor = () => !!currentUser()?.roles.includes('author');

export function CalibrationsHome() {
  const [blueprintId, setBlueprintId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [queued, setQueued] = useState<string | undefined>(sessionStorage.getItem(LAST_QUEUED_KEY) ?? undefined);
  const queue = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const run = await api<CalibrationRun>('POST', '/v1/calibrations', { body: blueprintId.trim() ? { blueprintId: blueprintId.trim() } : {}, idempotencyKey: newRequestKey('calibration') });
      sessionStorage.setItem(LAST_QUEUED_KEY, run.id);
      setQueued(run.id);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Calibrations">
      <TrainingNav current="/training/calibrations" />
      {isAuthor() && (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            void queue();
          }}
        >
          <h2>Queue a calibration</h2>
          <label for="calibration-blueprint">Blueprint id (empty: the whole bank)</label>
          <input id="calibration-blueprint" type="text" value={blueprintId} onInput={(e) => setBlueprintId((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={busy}>
            {busy ? 'Queuing…' : 'Queue calibration'}
          </button>
          {error && <Notice kind="error">{error}</Notice>}
        </form>
      )}
      {queued && (
        <div class="card">
          <Notice kind="success">
            You queued calibration <a href={`#/training/calibrations/${encodeURIComponent(queued)}`} data-testid="queued-calibration">{queued}</a>. The job runs it; open it to see the report.
          </Notice>
        </div>
      )}
      <RecentCalibrations refreshKey={queued} />
      <div class="card">
        <h2>Open a calibration</h2>
        <OpenById base="/training/calibrations" label="Calibration id" />
      </div>
    </Page>
  );
}

/** The runs, newest request first, 20 at a time: completed ones are the candidates waiting for approval. */
function RecentCalibrations({ refreshKey }: { refreshKey: string | undefined }) {
  const list = usePagedList<CalibrationRun>('/v1/calibrations', 'calibrations', 20, refreshKey);
  return (
    <PagedListCard title="Calibrations" empty="No calibration has been requested yet." list={list}>
      <table data-testid="calibration-list">
        <caption>Newest request first; a completed run is a candidate waiting for approval</caption>
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">By</th>
            <th scope="col">Blueprint</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`#/training/calibrations/${encodeURIComponent(r.id)}`}>{toMinute(r.requestedAt)}</a>
              </td>
              <td>{r.requestedBy}</td>
              <td>{r.request.blueprintId ?? 'whole bank'}</td>
              <td>{STATUS_WORDS[r.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PagedListCard>
  );
}

const params = (p: Parameters) => [p.model, `a ${num(p.a)}`, p.b !== undefined ? `b ${num(p.b)}` : '', p.c !== undefined ? `c ${num(p.c)}` : '', p.thresholds ? `thresholds ${p.thresholds.map((t) => num(t)).join(', ')}` : ''].filter(Boolean).join(' · ');

export function CalibrationPage({ id }: { id: string }) {
  const run = useLoad(() => orNotFound(api<CalibrationRun>('GET', `/v1/calibrations/${encodeURIComponent(id)}`)), [id]);
  return (
    <Page title={`Calibration ${id}`}>
      <TrainingNav current="/training/calibrations" />
      <p>
        <a href="#/training/calibrations">Back to calibrations</a>
      </p>
      {run.loading && !run.data && <p>Loading…</p>}
      {run.error && <Notice kind="error">{run.error}</Notice>}
      {run.data && !run.data.found && <Notice>No such calibration: {run.data.message}</Notice>}
      {run.data?.found && <CalibrationView run={run.data.value} onChanged={run.reload} />}
    </Page>
  );
}

function CalibrationView({ run, onChanged }: { run: CalibrationRun; onChanged: () => void }) {
  const s = run.summary;
  const changes = run.report?.candidate ?? [];
  return (
    <>
      <div class="card">
        <h2>Summary</h2>
        <p data-testid="calibration-status">{STATUS_WORDS[run.status]}</p>
        {run.error && <Notice kind="error">{run.error}</Notice>}
        <dl class="facts" data-testid="calibration-summary">
          <dt>Requested</dt>
          <dd>
            by {run.requestedBy} at {toMinute(run.requestedAt)} UTC{run.request.blueprintId ? `, for blueprint ${run.request.blueprintId}` : ''}
          </dd>
          {s && (
            <>
              <dt>Method</dt>
              <dd>
                {s.mode === 'free' ? 'free (every item re-estimated)' : 'fixed anchors (active items held, pilot items estimated)'}; {s.converged ? 'converged' : 'did not converge'} in {s.iterations}{' '}
                iterations
              </dd>
              <dt>Data</dt>
              <dd data-testid="calibration-data">
                {s.responses} responses from {s.taskers} taskers
              </dd>
              <dt>Items</dt>
              <dd data-testid="calibration-items">
                {s.items} judged, {s.estimated} estimated, {s.changed} changed, {s.ready} ready to promote, {s.flagged} flagged
              </dd>
            </>
          )}
          {run.approval && (
            <>
              <dt>Approved</dt>
              <dd data-testid="calibration-approval">
                by {run.approval.approvedBy} at {toMinute(run.approval.approvedAt)} UTC: bank version {run.approval.bankVersion}, {run.approval.changes.length} items changed
              </dd>
            </>
          )}
        </dl>
        {run.status === 'completed' && <Approve run={run} changes={changes.length} onApproved={onChanged} />}
        {(run.status === 'queued' || run.status === 'running') && (
          <button type="button" onClick={onChanged}>
            Check again
          </button>
        )}
      </div>
      {run.report && (
        <div class="card">
          <h2>Parameter changes</h2>
          {changes.length === 0 ? (
            <p>This run changes no item.</p>
          ) : (
            <TableScroll label="What approval writes to the bank">
              <table data-testid="changes-table">
                <caption>What approval writes to the bank</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Now</th>
                    <th scope="col">After approval</th>
                    <th scope="col">Becomes active</th>
                    <th scope="col">Flags</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.itemId} data-item={c.itemId}>
                      <th scope="row">
                        <a href={`#/training/items/${encodeURIComponent(c.itemId)}`}>{c.itemId}</a>
                      </th>
                      <td>{params(c.before)}</td>
                      <td>{params(c.after)}</td>
                      <td>{c.promote ? 'yes (pilot item ready)' : 'no'}</td>
                      <td>{(run.report!.items.find((i) => i.itemId === c.itemId)?.flags ?? []).map(plainFlag).join('; ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      )}
    </>
  );
}

function Approve({ run, changes, onApproved }: { run: CalibrationRun; changes: number; onApproved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!isAuthor()) return <p class="hint">Only an author can approve a calibration.</p>;
  const approve = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/v1/calibrations/${encodeURIComponent(run.id)}/approve`);
      setConfirming(false);
      onApproved();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="approve">
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          Approve
        </button>
      ) : (
        <div role="group" aria-labelledby="approve-question" class="confirm">
          <p id="approve-question">
            Approve this calibration? {changes} {changes === 1 ? 'item changes' : 'items change'} in the bank; the next blueprint publication uses them.
          </p>
          <button type="button" disabled={busy} onClick={() => void approve()} ref={(b) => b?.focus()}>
            {busy ? 'Approving…' : 'Yes, approve'}
          </button>{' '}
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && <Notice kind="error">Not approved: {error}</Notice>}
    </div>
  );
}
