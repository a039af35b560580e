// The rows of errors-by-band.sql, checked and typed: one cell per skill × item × chosen option × ability band.
import type { SqlRow } from '../engines/engine';

export interface ErrorCell {
  skill: string;
  itemId: string;
  answer: string | null;
  errorTag: string | null;
  /** 1 (weakest fifth) .. 5 (strongest fifth); null: the responder has no θ estimate */
  band: number | null;
  n: number;
  scoreSum: number;
  medianElapsedMs: number | null;
}

const text = (row: SqlRow, key: string): string | null => {
  const v = row[key];
  if (v === null || v === undefined) return null;
  return String(v);
};

function count(row: SqlRow, key: string): number {
  const v = Number(row[key]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`errors-by-band: column ${key} is not a count (${String(row[key])})`);
  return v;
}

export function cellsFromRows(rows: readonly SqlRow[]): ErrorCell[] {
  return rows.map((row) => {
    const skill = text(row, 'skill');
    const itemId = text(row, 'item_id');
    if (skill === null || itemId === null) throw new Error('errors-by-band: a row without skill or item_id');
    const band = row.band === null || row.band === undefined ? null : Number(row.band);
    if (band !== null && !(Number.isInteger(band) && band >= 1 && band <= 5)) throw new Error(`errors-by-band: band ${String(row.band)} is not 1..5`);
    const median = row.median_elapsed_ms === null || row.median_elapsed_ms === undefined ? null : Number(row.median_elapsed_ms);
    return {
      skill,
      itemId,
      answer: text(row, 'answer'),
      errorTag: text(row, 'error_tag'),
      band,
      n: count(row, 'n'),
      scoreSum: count(row, 'score_sum'),
      medianElapsedMs: median !== null && Number.isFinite(median) ? median : null,
    };
  });
}
