// The card every console list sits in (courses, blueprints, calibrations): its title, the error, the empty state,
// the table (scrolling sideways on a phone) and "Show more" while the API has more.
import type { ComponentChildren } from 'preact';
import { Notice } from '../../components';
import type { PagedList } from './paged-list';
import { TableScroll } from './shared';

export function PagedListCard<T>({ title, empty, label, list, children }: { title: string; empty: string; label?: string; list: PagedList<T>; children: ComponentChildren }) {
  return (
    <div class="card">
      <h2>{title}</h2>
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {list.loaded && list.rows.length === 0 && <p>{empty}</p>}
      {list.rows.length > 0 && <TableScroll {...(label ? { label } : {})}>{children}</TableScroll>}
      {list.showMore && (
        <button type="button" onClick={list.showMore}>
          Show more
        </button>
      )}
    </div>
  );
}
