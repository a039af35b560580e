import { useState } from 'preact/hooks';
import { api, ApiError, describeError, newRequestKey } from '../api';
import { Notice, Page } from '../components';
import { type Measurement, ProficiencyChart } from '../proficiency-chart';
import { navigate } from '../router';
import { useLoad } from '../use-load';
import { trackName } from './tasker-home';

interface Tasker {
  taskerId: string;
  track?: { track: string; reason: string; assignedAt: string; assignedBy: string };
  proficiency: Measurement[];
  history: Measurement[];
}
interface Placements {
  placements: { placementId: string; status: string; createdAt: string; blueprint: { id: string; version: number }; result?: { track: string; trackReason: string; stopReason: string; itemsUsed: number } }[];
}
interface AuditEntry {
  at: string;
  from?: string;
  to: string;
  reason: string;
  actor?: { kind: 'person'; sub: string } | { kind: 'rule'; ruleId: string; version: number };
  /** placements: who assigned the track (the routing rule's engine) */
  assignedBy?: string;
  rule?: string;
}

const whoMoved = (a: AuditEntry): string =>
  a.actor ? (a.actor.kind === 'person' ? a.actor.sub : `rule ${a.actor.ruleId} v${a.actor.version}`) : (a.rule ? `placement rule ${a.rule}` : (a.assignedBy ?? 'placement'));
interface TaskerRow {
  taskerId: string;
  track?: string;
  assessedAt?: string;
}

/** A missing optional part of the API (a route this deployment does not have yet) reads as "not available", not as a failure. */
const optional = <T,>(p: Promise<T>) => p.catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? undefined : Promise.reject(e)));

export function OpsHome() {
  const [taskerId, setTaskerId] = useState('');
  const [track, setTrack] = useState('');
  const list = useLoad(() => optional(api<{ taskers: TaskerRow[]; cursor?: string }>('GET', '/v1/taskers', { query: { track, limit: 25 } })), [track]);
  return (
    <Page title="Ops console">
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (taskerId.trim()) navigate(`/ops/taskers/${encodeURIComponent(taskerId.trim())}`);
        }}
      >
        <h2>Find a tasker</h2>
        <label for="tasker-id">Tasker id</label>
        <input id="tasker-id" type="text" value={taskerId} onInput={(e) => setTaskerId((e.target as HTMLInputElement).value)} />
        <button type="submit">Open</button>
      </form>
      <div class="card">
        <h2>Taskers</h2>
        <label for="track-filter">Track</label>
        <input id="track-filter" type="text" placeholder="e.g. generalist" value={track} onChange={(e) => setTrack((e.target as HTMLInputElement).value)} />
        {list.error && <Notice kind="error">{list.error}</Notice>}
        {list.data === undefined && !list.loading && !list.error && <Notice>Listing taskers is not available on this deployment.</Notice>}
        {list.data && (
          <table>
            <caption>Taskers{track ? ` on ${track}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Tasker</th>
                <th scope="col">Track</th>
                <th scope="col">Last assessed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.taskers.map((t) => (
                <tr key={t.taskerId}>
                  <td>
                    <a href={`#/ops/taskers/${encodeURIComponent(t.taskerId)}`}>{t.taskerId}</a>
                  </td>
                  <td>{t.track ?? '—'}</td>
                  <td>{t.assessedAt?.slice(0, 16).replace('T', ' ') ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Page>
  );
}

export function OpsTaskerPage({ id }: { id: string }) {
  const tasker = useLoad(() => optional(api<Tasker>('GET', `/v1/taskers/${encodeURIComponent(id)}`)), [id]);
  const placements = useLoad(() => api<Placements>('GET', `/v1/taskers/${encodeURIComponent(id)}/placements`), [id]);
  const audit = useLoad(() => optional(api<{ entries: AuditEntry[] }>('GET', `/v1/taskers/${encodeURIComponent(id)}/audit`)), [id]);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | undefined>();

  return (
    <Page title={`Tasker ${id}`}>
      {tasker.error && <Notice kind="error">{tasker.error}</Notice>}
      <div class="grid">
        <div class="card">
          <h2>Track</h2>
          {tasker.data?.track ? (
            <>
              <p data-testid="ops-track">On {trackName(tasker.data.track.track)}</p>
              <p class="reason">{tasker.data.track.reason}</p>
            </>
          ) : (
            <p>No track yet.</p>
          )}
        </div>
        <form
          class="card"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api('POST', `/v1/taskers/${encodeURIComponent(id)}/track`, { body: { track: to.trim(), reason: reason.trim() }, idempotencyKey: newRequestKey('reroute') });
              setMessage({ kind: 'success', text: `Moved to ${to.trim()}.` });
              tasker.reload();
              audit.reload();
            } catch (err) {
              setMessage({ kind: 'error', text: describeError(err) });
            }
          }}
        >
          <h2>Reroute</h2>
          <label for="to-track">New track</label>
          <input id="to-track" type="text" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} required />
          <label for="reason">Reason</label>
          <textarea id="reason" value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} required />
          <button type="submit">Move tasker</button>
          {message && <Notice kind={message.kind}>{message.text}</Notice>}
        </form>
      </div>
      <div class="card">
        <h2>Proficiency history</h2>
        <ProficiencyChart history={tasker.data?.history ?? []} />
      </div>
      <div class="card">
        <h2>Placements</h2>
        {placements.data && placements.data.placements.length === 0 && <p>No placements.</p>}
        {placements.data && placements.data.placements.length > 0 && (
          <table>
            <caption>Placements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Blueprint</th>
                <th scope="col">Status</th>
                <th scope="col">Track and why</th>
              </tr>
            </thead>
            <tbody>
              {placements.data.placements.map((p) => (
                <tr key={p.placementId}>
                  <td>{p.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>
                    {p.blueprint.id} v{p.blueprint.version}
                  </td>
                  <td>{p.status}</td>
                  <td>{p.result ? `${p.result.track}: ${p.result.trackReason}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card">
        <h2>Audit trail</h2>
        {audit.data === undefined && !audit.loading && <p>No audit trail available.</p>}
        {audit.data && (
          <ol class="audit">
            {audit.data.entries.map((a, i) => (
              <li key={`${a.at}-${i}`}>
                {a.at.slice(0, 16).replace('T', ' ')}: {a.from ?? '—'} → {a.to} by {whoMoved(a)}: {a.reason}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Page>
  );
}
