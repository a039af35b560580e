// A blueprint's information curve (GET /v1/blueprints/{id}/information, docs/insights.md "Pictures"): the
// conditional SE of the best test the blueprint allows, per skill over θ, with the track cuts marked.
import { api } from '../../api';
import { Notice, Page } from '../../components';
import { useLoad } from '../../use-load';
import { BlueprintList } from './blueprint-list';
import { CHART_COLORS, ChartFigure, num } from './chart-figure';
import { OpenById, orNotFound, TableScroll, TrainingNav } from './shared';

export interface InformationCurves {
  blueprint: { id: string; version: number };
  theta: number[];
  skills: { skill: string; items: number; maxItems: number; cuts: { generalist?: number; expert?: number }; bestTestInformation: number[]; conditionalSe: (number | null)[] }[];
}

export function BlueprintsHome() {
  return (
    <Page title="Information curves">
      <TrainingNav current="/training/blueprints" />
      <div class="card">
        <p>How precisely a published blueprint can measure each skill across the ability range.</p>
        <OpenById base="/training/blueprints" label="Blueprint id" initial="general-placement" button="Show the curve" />
      </div>
      <BlueprintList />
    </Page>
  );
}

/** the grid point nearest a cut, so the cut's marker sits on the θ axis of the category scale */
const nearest = (theta: number[], cut: number) => theta.reduce((best, t, i) => (Math.abs(t - cut) < Math.abs(theta[best]! - cut) ? i : best), 0);

function SeChart({ curves }: { curves: InformationCurves }) {
  const cuts = curves.skills.flatMap((s, k) =>
    (['generalist', 'expert'] as const).flatMap((track) => (s.cuts[track] === undefined ? [] : [{ skill: s.skill, track, at: s.cuts[track]!, color: CHART_COLORS[k % CHART_COLORS.length]! }])),
  );
  const cutText = cuts.map((c) => `${c.skill} ${c.track} cut at ${num(c.at)}`).join(', ');
  return (
    <ChartFigure
      testId="information-chart"
      caption="Conditional standard error of the best test per skill (lower is more precise); triangles mark the track cuts"
      label={`Conditional SE over proficiency from ${num(curves.theta[0])} to ${num(curves.theta.at(-1))} for ${curves.skills.map((s) => s.skill).join(', ')}; ${cutText || 'no cuts'}`}
      config={{
        type: 'line',
        data: {
          labels: curves.theta.map((t) => num(t)),
          datasets: [
            ...curves.skills.map((s, k) => ({ type: 'line' as const, label: `${s.skill} SE`, data: s.conditionalSe, borderColor: CHART_COLORS[k % CHART_COLORS.length], backgroundColor: CHART_COLORS[k % CHART_COLORS.length], pointRadius: 0, spanGaps: true })),
            ...cuts.map((c) => {
              const skill = curves.skills.find((s) => s.skill === c.skill)!;
              const at = nearest(curves.theta, c.at);
              return {
                type: 'line' as const,
                label: `${c.skill} ${c.track} cut (${num(c.at)})`,
                data: curves.theta.map((_, i) => (i === at ? skill.conditionalSe[i] ?? null : null)),
                borderColor: c.color,
                backgroundColor: c.color,
                pointStyle: c.track === 'expert' ? ('rectRot' as const) : ('triangle' as const),
                pointRadius: 8,
                showLine: false,
              };
            }),
          ],
        },
        options: { scales: { x: { title: { display: true, text: 'proficiency θ' } }, y: { min: 0, title: { display: true, text: 'standard error' } } } },
      }}
      table={
        <TableScroll label="Conditional SE by proficiency">
          <table data-testid="information-table">
            <caption>Conditional SE by proficiency</caption>
            <thead>
              <tr>
                <th scope="col">θ</th>
                {curves.skills.map((s) => (
                  <th scope="col" key={s.skill}>
                    {s.skill}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {curves.theta.map((t, i) => (
                <tr key={t}>
                  <th scope="row">{num(t)}</th>
                  {curves.skills.map((s) => (
                    <td key={s.skill}>{num(s.conditionalSe[i], 3)}</td>
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

export function InformationCurvePage({ id }: { id: string }) {
  const curves = useLoad(() => orNotFound(api<InformationCurves>('GET', `/v1/blueprints/${encodeURIComponent(id)}/information`)), [id]);
  return (
    <Page title={`Blueprint ${id}: information curve`}>
      <TrainingNav current="/training/blueprints" />
      <div class="card">
        <OpenById base="/training/blueprints" label="Blueprint id" initial={id} button="Show the curve" />
      </div>
      {curves.loading && <p>Loading…</p>}
      {curves.error && <Notice kind="error">{curves.error}</Notice>}
      {curves.data && !curves.data.found && <Notice>No such published blueprint: {curves.data.message}</Notice>}
      {curves.data?.found && (
        <div class="card" data-testid="information-report">
          <p>Version {curves.data.value.blueprint.version}.</p>
          <SeChart curves={curves.data.value} />
          <TableScroll label="Skills and cuts">
            <table data-testid="skills-table">
              <caption>Skills and cuts</caption>
              <thead>
                <tr>
                  <th scope="col">Skill</th>
                  <th scope="col">Active items</th>
                  <th scope="col">Most items asked</th>
                  <th scope="col">Generalist cut</th>
                  <th scope="col">Expert cut</th>
                  <th scope="col">Lowest SE</th>
                </tr>
              </thead>
              <tbody>
                {curves.data.value.skills.map((s) => (
                  <tr key={s.skill} data-skill={s.skill}>
                    <th scope="row">{s.skill}</th>
                    <td>{s.items}</td>
                    <td>{s.maxItems}</td>
                    <td>{num(s.cuts.generalist)}</td>
                    <td>{num(s.cuts.expert)}</td>
                    <td data-testid={`min-se-${s.skill}`}>{num(Math.min(...s.conditionalSe.filter((x): x is number => x !== null)), 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
    </Page>
  );
}
