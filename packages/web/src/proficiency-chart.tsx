// Proficiency over time, one line per skill, with the same numbers as a table for screen readers and keyboard users.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

export interface Measurement {
  skill: string;
  theta: number;
  se: number;
  measuredAt: string;
}

const COLORS = ['#1f5fa8', '#b34700', '#2e7d32', '#6a1b9a', '#00796b', '#c2185b', '#455a64'];

export function ProficiencyChart({ history }: { history: Measurement[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const sorted = [...history].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
  const days = [...new Set(sorted.map((m) => m.measuredAt.slice(0, 16).replace('T', ' ')))];
  const skills = [...new Set(sorted.map((m) => m.skill))];
  useEffect(() => {
    if (!canvas.current || sorted.length === 0) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: days,
        datasets: skills.map((skill, i) => ({
          label: skill,
          data: days.map((d) => sorted.filter((m) => m.skill === skill && m.measuredAt.slice(0, 16).replace('T', ' ') === d).at(-1)?.theta ?? null),
          spanGaps: true,
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
        })),
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { title: { display: true, text: 'proficiency (0 = typical tasker)' } } } },
    });
    return () => chart.destroy();
  }, [JSON.stringify(sorted)]);
  if (sorted.length === 0) return <p>No measurements yet: take the placement test or a practice quiz.</p>;
  return (
    <figure class="chart">
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={`Proficiency over time for ${skills.join(', ')}`} />
      </div>
      <details>
        <summary>Show as a table</summary>
        <table>
          <caption>Proficiency measurements</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Skill</th>
              <th scope="col">Estimate</th>
              <th scope="col">± (95%)</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((m) => (
              <tr key={`${m.skill}-${m.measuredAt}`}>
                <td>{m.measuredAt.slice(0, 16).replace('T', ' ')}</td>
                <td>{m.skill}</td>
                <td>{m.theta.toFixed(2)}</td>
                <td>{(1.96 * m.se).toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
