import { api, ApiError } from '../api';
import { Notice, Page } from '../components';
import { useLoad } from '../use-load';
import { TRAINING_SECTIONS, TrainingNav } from './training/shared';

interface ErrorTag {
  slug: string;
  description: string;
  skill: string;
  study: string;
}

const optional = <T,>(p: Promise<T>) => p.catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? undefined : Promise.reject(e)));

export function TrainingHome() {
  const tags = useLoad(() => optional(api<{ tags: ErrorTag[] }>('GET', '/v1/error-tags')), []);
  return (
    <Page title="Training console">
      <TrainingNav current="/training" />
      <div class="card">
        <h2>Pages</h2>
        <ul>
          {TRAINING_SECTIONS.map((s) => (
            <li key={s.path}>
              <a href={`#${s.path}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </div>
      <div class="card">
        <h2>Error taxonomy</h2>
        {tags.error && <Notice kind="error">{tags.error}</Notice>}
        {tags.data && (
          <table>
            <caption>Error tags</caption>
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Skill</th>
                <th scope="col">What it means</th>
                <th scope="col">What to study</th>
              </tr>
            </thead>
            <tbody>
              {tags.data.tags.map((t) => (
                <tr key={t.slug}>
                  <td>{t.slug}</td>
                  <td>{t.skill}</td>
                  <td>{t.description}</td>
                  <td>{t.study}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Page>
  );
}
