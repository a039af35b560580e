import { useState } from 'preact/hooks';
import { api, ApiError, describeError, newRequestKey } from '../api';
import { Notice, Page } from '../components';
import { type Measurement, ProficiencyChart } from '../proficiency-chart';
import { navigate } from '../router';
import { useLoad } from '../use-load';
import { BulkRerouteCard } from './bulk-reroute';
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
  track: { track: string; assignedAt: string };
  lastAssessedAt?: string;
  skills: { skill: string; theta: number; se: number }[];
}
interface TaskerList {
  taskers: TaskerRow[];
  cursor?: string;
  examined: number;
}
interface ListFilter {
  track: string;
  skill: string;
  minTheta: string;
  maxTheta: string;
}

/** A missing optional part of the API (a route this deployment does not have yet) reads as "not available", not as a failure. */
const optional = <T,>(p: Promise<T>) => p.catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? undefined : Promise.reject(e)));

const PAGE_SIZE = 25;

/** the filter as the API's query: empty fields are left out */
function listQuery(f: ListFilter, cursor?: string): Record<string, string | number> {
  const q: Record<string, string | number> = { track: f.track.trim(), limit: PAGE_SIZE };
  if (f.skill.trim()) q.skill = f.skill.trim();
  if (f.minTheta.trim()) q.minTheta = f.minTheta.trim();
  if (f.maxTheta.trim()) q.maxTheta = f.maxTheta.trim();
  if (cursor) q.cursor = cursor;
  return q;
}

function TaskerListCard() {
  const [draft, setDraft] = useState<ListFilter>({ track: 'generalist', skill: '', minTheta: '', maxTheta: '' });
  const [filter, setFilter] = useState<ListFilter>(draft);
  const [more, setMore] = useState<{ rows: TaskerRow[]; cursor?: string; error?: string } | undefined>(undefined);
  const list = useLoad(() => optional(api<TaskerList>('GET', '/v1/taskers', { query: listQuery(filter) })), [filter]);
  const rows = [...(list.data?.taskers ?? []), ...(more?.rows ?? [])];
  const cursor = more ? more.cursor : list.data?.cursor;
  const field = (name: keyof ListFilter, label: string, hint?: string) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} type="text" placeholder={hint} value={draft[name]} onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })} />
    </div>
  );
  return (
    <div class="card">
      <h2>Taskers</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMore(undefined);
          setFilter({ ...draft });
        }}
      >
        {field('track', 'Track', 'generalist, expert:coding, remedial:coding …')}
        {field('skill', 'Skill (optional)', 'e.g. coding')}
        {field('minTheta', 'Skill level from (θ)', 'e.g. -1')}
        {field('maxTheta', 'Skill level up to (θ)', 'e.g. 0.5')}
        <button type="submit">List taskers</button>
      </form>
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {list.data === undefined && !list.loading && !list.error && <Notice>Listing taskers is not available on this deployment.</Notice>}
      {list.data && (
        <table data-testid="tasker-list">
          <caption>
            Taskers on {filter.track}
            {filter.skill ? `, ${filter.skill}` : ''}
            {filter.minTheta || filter.maxTheta ? ` from ${filter.minTheta || '…'} to ${filter.maxTheta || '…'}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Tasker</th>
              <th scope="col">On the track since</th>
              <th scope="col">Last assessed</th>
              <th scope="col">{filter.skill ? `${filter.skill} (θ ± SE)` : 'Skills measured'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => {
              const skill = filter.skill ? t.skills.find((s) => s.skill === filter.skill) : undefined;
              return (
                <tr key={t.taskerId}>
                  <td>
                    <a href={`#/ops/taskers/${encodeURIComponent(t.taskerId)}`}>{t.taskerId}</a>
                  </td>
                  <td>{t.track.assignedAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{t.lastAssessedAt?.slice(0, 16).replace('T', ' ') ?? '—'}</td>
                  <td>{skill ? `${skill.theta.toFixed(2)} ± ${skill.se.toFixed(2)}` : String(t.skills.length)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.data && rows.length === 0 && !cursor && <Notice>No tasker matches.</Notice>}
      {more?.error && <Notice kind="error">{more.error}</Notice>}
      {cursor && (
        <button
          type="button"
          onClick={() => {
            api<TaskerList>('GET', '/v1/taskers', { query: listQuery(filter, cursor) }).then(
              (page) => setMore({ rows: [...(more?.rows ?? []), ...page.taskers], ...(page.cursor ? { cursor: page.cursor } : {}) }),
              (error: unknown) => setMore({ rows: more?.rows ?? [], ...(cursor ? { cursor } : {}), error: describeError(error) }),
            );
          }}
        >
          Show more
        </button>
      )}
    </div>
  );
}

export function OpsHome() {
  const [taskerId, setTaskerId] = useState('');
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
      <TaskerListCard />
      <BulkRerouteCard />
    </Page>
  );
}

interface QualitySignal {
  id: string;
  skill: string;
  score: number;
  errorTag?: string;
  workId?: string;
  observedAt: string;
}

export function OpsTaskerPage({ id }: { id: string }) {
  const tasker = useLoad(() => optional(api<Tasker>('GET', `/v1/taskers/${encodeURIComponent(id)}`)), [id]);
  const placements = useLoad(() => api<Placements>('GET', `/v1/taskers/${encodeURIComponent(id)}/placements`), [id]);
  const audit = useLoad(() => optional(api<{ entries: AuditEntry[] }>('GET', `/v1/taskers/${encodeURIComponent(id)}/audit`)), [id]);
  const signals = useLoad(() => optional(api<{ signals: QualitySignal[] }>('GET', `/v1/taskers/${encodeURIComponent(id)}/quality-signals?limit=100`)), [id]);
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
        <h2>Quality signals</h2>
        {signals.data && signals.data.signals.length === 0 && <p>No quality signals.</p>}
        {signals.data && signals.data.signals.length > 0 && (
          <table data-testid="quality-signals">
            <caption>Audit scores of delivered work, by skill, newest first (the latest 100)</caption>
            <thead>
              <tr>
                <th scope="col">Skill</th>
                <th scope="col">Audited</th>
                <th scope="col">Score</th>
                <th scope="col">Error found</th>
                <th scope="col">Work</th>
              </tr>
            </thead>
            <tbody>
              {signals.data.signals.map((q) => (
                <tr key={q.id}>
                  <td>{q.skill}</td>
                  <td>{q.observedAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{Math.round(q.score * 100)}%</td>
                  <td>{q.errorTag ?? '—'}</td>
                  <td>{q.workId ?? '—'}</td>
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
