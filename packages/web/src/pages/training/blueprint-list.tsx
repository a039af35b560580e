// Every blueprint's latest version, newest publication first (GET /v1/blueprints, docs/blueprints.md "Listing
// blueprints"): each opens the blueprint's information curve.
import { Notice } from '../../components';
import { usePagedList } from './paged-list';
import { TableScroll, toMinute } from './shared';

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
    <div class="card">
      <h2>Blueprints</h2>
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {list.loaded && list.rows.length === 0 && <p>No blueprint has been published yet.</p>}
      {list.rows.length > 0 && (
        <TableScroll label="Blueprints, newest publication first">
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
        </TableScroll>
      )}
      {list.showMore && (
        <button type="button" onClick={list.showMore}>
          Show more
        </button>
      )}
    </div>
  );
}
