// Every course's current version, newest change first (GET /v1/courses, docs/courses.md "Listing courses"): each
// opens the course's variant report.
import { usePagedList } from './paged-list';
import { PagedListCard } from './paged-list-card';
import { toMinute } from './shared';

interface CourseSummary {
  id: string;
  title: string;
  skills: string[];
  version: number;
  variants: string[];
  updatedAt: string;
  updatedBy: string;
}

export function CourseList() {
  const list = usePagedList<CourseSummary>('/v1/courses', 'courses', 25);
  return (
    <PagedListCard title="Courses" empty="No course has been defined yet." label="Courses, newest change first" list={list}>
      <table data-testid="course-list">
        <caption>Newest change first</caption>
        <thead>
          <tr>
            <th scope="col">Course</th>
            <th scope="col">Skills</th>
            <th scope="col">Variants</th>
            <th scope="col">Version</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((c) => (
            <tr key={c.id} data-course={c.id}>
              <th scope="row">
                <a href={`#/training/courses/${encodeURIComponent(c.id)}`}>{c.title}</a> <span class="hint">{c.id}</span>
              </th>
              <td>{c.skills.join(', ')}</td>
              <td>{c.variants.join(', ')}</td>
              <td>{c.version}</td>
              <td>
                {toMinute(c.updatedAt)} by {c.updatedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PagedListCard>
  );
}
