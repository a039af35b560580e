// Items needing attention (GET /v1/items/health) and one item's health (GET /v1/items/{id}/health), from the latest
// completed calibration report (docs/item-health.md).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Notice, Page } from '../../components';
import { useLoad } from '../../use-load';
import { CHART_COLORS, ChartFigure, num, percent } from './chart-figure';
import { HEALTH_FLAGS, plainFlag } from './flags';
import { orNotFound, TableScroll, TrainingNav } from './shared';

interface Parameters { model: string; a: number; b?: number; c?: number; thresholds?: number[] }
export interface ItemHealth {
  itemId: string;
  skill: string;
  status: string;
  n: number;
  flags: string[];
  calibrationId: string;
  calibratedAt: string;
  before: Parameters;
  after?: Parameters;
  fit: { infit: number | null; outfit: number | null; chiSquare: number | null; df: number; p: number | null; method: string } | null;
  health?: {
    pValue: number;
    pointBiserial: number;
    exposure: number;
    distractors: { band: number; from: number | null; to: number | null; n: number; choices: Record<string, number> }[];
    dif: { reference: string; focal: string; nReference: number; nFocal: number; delta: number; deltaSe: number; p: number; etsClass: string }[];
  };
}

function FlagList({ flags }: { flags: string[] }) {
  if (flags.length === 0) return <span>No flags</span>;
  return (
    <ul class="flags">
      {flags.map((f) => (
        <li key={f}>{plainFlag(f)}</li>
      ))}
    </ul>
  );
}

export function ItemHealthListPage() {
  const [flag, setFlag] = useState('');
  const list = useLoad(() => orNotFound(api<{ calibrationId: string; calibratedAt: string; items: ItemHealth[] }>('GET', '/v1/items/health', { query: { flag } })), [flag]);
  return (
    <Page title="Items needing attention">
      <TrainingNav current="/training/items" />
      <div class="card">
        <label for="health-flag">Show items flagged for</label>
        <select id="health-flag" value={flag} onChange={(e) => setFlag((e.target as HTMLSelectElement).value)}>
          <option value="">any flag</option>
          {HEALTH_FLAGS.map((f) => (
            <option key={f} value={f}>
              {plainFlag(f)}
            </option>
          ))}
        </select>
        {list.loading && <p>Loading…</p>}
        {list.error && <Notice kind="error">{list.error}</Notice>}
        {list.data && !list.data.found && <Notice>No calibration has completed yet, so there is no item health to show. Queue one under Calibrations.</Notice>}
        {list.data?.found && (
          <>
            <p class="hint">
              From calibration {list.data.value.calibrationId} ({list.data.value.calibratedAt.slice(0, 16).replace('T', ' ')} UTC); the most serious first.
            </p>
            {list.data.value.items.length === 0 ? (
              <p data-testid="health-empty">No item has {flag ? `the flag “${plainFlag(flag)}”` : 'a flag'}.</p>
            ) : (
              <TableScroll label="Flagged items">
                <table data-testid="health-table">
                  <caption>Flagged items</caption>
                  <thead>
                    <tr>
                      <th scope="col">Item</th>
                      <th scope="col">Skill</th>
                      <th scope="col">Answers</th>
                      <th scope="col">What is wrong</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.value.items.map((i) => (
                      <tr key={i.itemId}>
                        <td>
                          <a href={`#/training/items/${encodeURIComponent(i.itemId)}`}>{i.itemId}</a>
                        </td>
                        <td>{i.skill}</td>
                        <td>{i.n}</td>
                        <td>
                          <FlagList flags={i.flags} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        )}
      </div>
    </Page>
  );
}

const params = (p?: Parameters) =>
  p ? [`${p.model}`, `a ${num(p.a)}`, p.b !== undefined ? `b ${num(p.b)}` : '', p.c !== undefined ? `c ${num(p.c)}` : '', p.thresholds ? `thresholds ${p.thresholds.map((t) => num(t)).join(', ')}` : ''].filter(Boolean).join(' · ') : '—';

/** the open ends of the outer bands arrive as null (±∞ in JSON) */
const bandRange = (from: number | null, to: number | null) =>
  from === null || !Number.isFinite(from) ? `θ below ${num(to, 1)}` : to === null || !Number.isFinite(to) ? `θ ${num(from, 1)} and above` : `θ ${num(from, 1)} to ${num(to, 1)}`;

function DistractorChart({ itemId, distractors }: { itemId: string; distractors: NonNullable<ItemHealth['health']>['distractors'] }) {
  const options = [...new Set(distractors.flatMap((d) => Object.keys(d.choices)))].sort();
  const bands = distractors.map((d) => `Band ${d.band} (${bandRange(d.from, d.to)})`);
  return (
    <ChartFigure
      testId="distractor-chart"
      caption="Which option taskers chose, by ability band (1 = weakest)"
      label={`Share choosing each option of ${itemId} in each of ${distractors.length} ability bands; the table below has the numbers`}
      config={{
        type: 'bar',
        data: { labels: bands, datasets: options.map((o, k) => ({ label: `option ${o}`, data: distractors.map((d) => d.choices[o] ?? 0), backgroundColor: CHART_COLORS[k % CHART_COLORS.length] })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, max: 1, title: { display: true, text: 'share of the band' } } } },
      }}
      table={
        <TableScroll label="Share choosing each option, by band">
        <table data-testid="distractor-table">
          <caption>Share choosing each option, by band</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">Answers</th>
              {options.map((o) => (
                <th scope="col" key={o}>
                  Option {o}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {distractors.map((d, k) => (
              <tr key={d.band}>
                <th scope="row">{bands[k]}</th>
                <td>{d.n}</td>
                {options.map((o) => (
                  <td key={o}>{percent(d.choices[o] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      }
    />
  );
}

export function ItemHealthPage({ id }: { id: string }) {
  const item = useLoad(() => orNotFound(api<ItemHealth>('GET', `/v1/items/${encodeURIComponent(id)}/health`)), [id]);
  return (
    <Page title={`Item ${id}`}>
      <TrainingNav />
      <p>
        <a href="#/training/items">Back to items needing attention</a>
      </p>
      {item.loading && <p>Loading…</p>}
      {item.error && <Notice kind="error">{item.error}</Notice>}
      {item.data && !item.data.found && <Notice>No health for this item: {item.data.message}</Notice>}
      {item.data?.found && <ItemHealthDetail item={item.data.value} />}
    </Page>
  );
}

function ItemHealthDetail({ item }: { item: ItemHealth }) {
  const h = item.health;
  return (
    <>
      <div class="card">
        <h2>Summary</h2>
        <dl class="facts" data-testid="item-facts">
          <dt>Skill</dt>
          <dd>{item.skill}</dd>
          <dt>Status</dt>
          <dd>{item.status}</dd>
          <dt>Answers (n)</dt>
          <dd data-testid="item-n">{item.n}</dd>
          {h && (
            <>
              <dt>Answered correctly (p-value)</dt>
              <dd data-testid="item-p-value">{num(h.pValue, 3)}</dd>
              <dt>Agreement with ability (point-biserial)</dt>
              <dd data-testid="item-point-biserial">{num(h.pointBiserial, 3)}</dd>
            </>
          )}
          <dt>Fit</dt>
          <dd data-testid="item-fit">
            {item.fit ? `infit ${num(item.fit.infit)} · outfit ${num(item.fit.outfit)} · ${item.fit.method} χ² ${num(item.fit.chiSquare)} on ${item.fit.df} df, p ${num(item.fit.p, 3)}` : 'not judged (too few answers)'}
          </dd>
          <dt>Parameters in the bank</dt>
          <dd>{params(item.before)}</dd>
          {item.after && (
            <>
              <dt>Re-estimated</dt>
              <dd>{params(item.after)}</dd>
            </>
          )}
          <dt>Flags</dt>
          <dd>
            <FlagList flags={item.flags} />
          </dd>
        </dl>
        <p class="hint">From calibration {item.calibrationId}.</p>
      </div>
      {h && h.distractors.length > 0 && (
        <div class="card">
          <h2>Distractors by ability band</h2>
          <DistractorChart itemId={item.itemId} distractors={h.distractors} />
        </div>
      )}
      {h && (
        <div class="card">
          <h2>Differential item functioning</h2>
          {h.dif.length === 0 ? (
            <p>No group comparison had enough taskers (50 per group) for a verdict.</p>
          ) : (
            <TableScroll label="Each group against the reference group, at equal ability">
              <table data-testid="dif-table">
                <caption>Each group against the reference group, at equal ability</caption>
                <thead>
                  <tr>
                    <th scope="col">Reference</th>
                    <th scope="col">Focal</th>
                    <th scope="col">Taskers</th>
                    <th scope="col">ETS Δ (± SE)</th>
                    <th scope="col">p</th>
                    <th scope="col">Class</th>
                  </tr>
                </thead>
                <tbody>
                  {h.dif.map((d) => (
                    <tr key={`${d.reference}-${d.focal}`}>
                      <td>{d.reference}</td>
                      <td>{d.focal}</td>
                      <td>
                        {d.nReference} / {d.nFocal}
                      </td>
                      <td>
                        {num(d.delta)} ± {num(d.deltaSe)}
                      </td>
                      <td>{num(d.p, 3)}</td>
                      <td>{d.etsClass === 'C' ? 'C (large: review the item)' : d.etsClass === 'B' ? 'B (moderate)' : 'A (negligible)'}</td>
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
