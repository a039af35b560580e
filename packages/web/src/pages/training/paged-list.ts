// A list route's pages (`limit`, `cursor`: GET /v1/courses, /v1/blueprints, /v1/calibrations): the first page on
// load, more on request.
import { useState } from 'preact/hooks';
import { api, describeError } from '../../api';
import { useLoad } from '../../use-load';

export interface PagedList<T> {
  /** every row read so far, in the API's order */
  rows: T[];
  /** the first page has arrived (an empty list is then really empty) */
  loaded: boolean;
  error?: string;
  /** present while the API has more */
  showMore?: () => void;
}

/** `field` is the page's array (`courses`, `blueprints`); a new `reloadKey` reads the list again from its first page. */
export function usePagedList<T>(path: string, field: string, limit: number, reloadKey?: unknown): PagedList<T> {
  const [more, setMore] = useState<{ rows: T[]; cursor?: string }>({ rows: [] });
  const [error, setError] = useState<string>();
  const read = (cursor?: string) => api<Record<string, unknown>>('GET', path, { query: { limit, cursor } }).then((page) => ({ rows: page[field] as T[], cursor: page.cursor as string | undefined }));
  const first = useLoad(async () => {
    const page = await read();
    setMore({ rows: [], ...(page.cursor ? { cursor: page.cursor } : {}) });
    return page.rows;
  }, [path, reloadKey]);
  const showMore = async () => {
    try {
      const page = await read(more.cursor);
      setMore((m) => ({ rows: [...m.rows, ...page.rows], ...(page.cursor ? { cursor: page.cursor } : {}) }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  return {
    rows: [...(first.data ?? []), ...more.rows],
    loaded: first.data !== undefined,
    ...(first.error || error ? { error: first.error ?? error } : {}),
    ...(more.cursor ? { showMore: () => void showMore() } : {}),
  };
}
