// Every blueprint's latest version, newest publication first (GET /v1/blueprints, docs/blueprints.md "Listing
// blueprints"): each opens the blueprint's information curve.
import { usePagedList } from './paged-list';
import { PagedListCard } from './paged-list-card';
import { toMinute } from './shared';

interface BlueprintSummary {
  id: string;
  title: string;
  kind: 'placement' | 'project';
  projectId?: string;
  skills: string[];
  version: number;
  publishedAt: string;
  publishedBy: string;
}

export function BlueprintList() {
  const list = usePagedList<BlueprintSummary>('/v1/blueprints', 'blueprints', 25);
  return (
    <PagedListCard title="Blueprints" empty="No blueprint has been published yet." label="Blueprints, newest publication first" list={list}>
      <table data-testid="blueprint-list">
        <caption>Newest publication first</caption>
        <thead>
          <tr>
            <th scope="col">Blueprint</th>
            <th scope="col">Kind</th>
            <th scope="col">Skills</th>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((b) => (
            <tr key={b.id} data-blueprint={b.id}>
              <th scope="row">
                <a href={`#/training/blueprints/${encodeURIComponent(b.id)}`}>{b.title}</a> <span class="hint">{b.id}</span>
              </th>
              <td>{b.kind === 'project' ? `project ${b.projectId ?? ''}` : 'placement'}</td>
              <td>{b.skills.join(', ')}</td>
              <td>{b.version}</td>
              <td>
                {toMinute(b.publishedAt)} by {b.publishedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PagedListCard>
  );
}
