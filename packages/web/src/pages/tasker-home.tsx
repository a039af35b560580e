import { useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { Notice, Page } from '../components';
import { type Measurement, ProficiencyChart } from '../proficiency-chart';
import { navigate } from '../router';
import { currentUser } from '../session';
import { useLoad } from '../use-load';

interface Tasker {
  taskerId: string;
  track?: { track: string; reason: string; assignedAt: string };
  proficiency: Measurement[];
  history: Measurement[];
}
interface Placements {
  active?: { placementId: string; itemsAnswered: number };
  placements: { placementId: string; status: string; createdAt: string; result?: { track: string; trackSummary?: string } }[];
}

const PRACTICE_SKILLS = ['coding', 'math', 'writing-quality', 'factual-verification', 'instruction-following', 'rubric-grading', 'safety-policy'];

/** Plain words for a track id (`expert:coding` → "the coding expert track"). */
export function trackName(track: string): string {
  const [kind, skill] = track.split(':');
  if (kind === 'expert' && skill) return `the ${skill} expert track`;
  if (kind === 'remedial' && skill) return `the ${skill} training track`;
  return `the ${track} track`;
}

export function TaskerHome() {
  const me = currentUser()!;
  const tasker = useLoad(() => api<Tasker>('GET', `/v1/taskers/${encodeURIComponent(me.sub)}`).catch(() => undefined), [me.sub]);
  const placements = useLoad(() => api<Placements>('GET', `/v1/taskers/${encodeURIComponent(me.sub)}/placements`), [me.sub]);
  const [skill, setSkill] = useState(PRACTICE_SKILLS[0]!);
  const [error, setError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);

  const history = tasker.data ? [...tasker.data.history] : [];
  return (
    <Page title="My page">
      <div class="grid">
        <div class="card">
          <h2>My track</h2>
          {tasker.data?.track ? <p data-testid="my-track">You are on {trackName(tasker.data.track.track)}.</p> : <p>No track yet: your placement test decides it.</p>}
          {placements.data?.active && (
            <p>
              <a class="button" href={`#/placement/${placements.data.active.placementId}`}>
                {placements.data.active.itemsAnswered > 0 ? 'Resume my placement test' : 'Start my placement test'}
              </a>
            </p>
          )}
          {placements.data?.placements
            .filter((p) => p.result?.trackSummary)
            .slice(0, 1)
            .map((p) => (
              <p key={p.placementId} class="summary">
                {p.result!.trackSummary}
              </p>
            ))}
        </div>
        <form
          class="card"
          onSubmit={async (e) => {
            e.preventDefault();
            setStarting(true);
            setError(undefined);
            try {
              const quiz = await api<{ quizId: string }>('POST', '/v1/quizzes', { body: { skill } });
              navigate(`/quiz/${quiz.quizId}`);
            } catch (err) {
              setError(describeError(err));
            } finally {
              setStarting(false);
            }
          }}
        >
          <h2>Practice</h2>
          <label for="skill">Skill</label>
          <select id="skill" value={skill} onChange={(e) => setSkill((e.target as HTMLSelectElement).value)}>
            {PRACTICE_SKILLS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button type="submit" disabled={starting}>
            Start a practice quiz
          </button>
          {error && <Notice kind="error">{error}</Notice>}
        </form>
      </div>
      <div class="card">
        <h2>My proficiency over time</h2>
        {tasker.loading && !tasker.data ? <Notice>Loading…</Notice> : <ProficiencyChart history={history} />}
      </div>
    </Page>
  );
}
