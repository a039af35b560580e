// Pieces the training-console pages share: the sub-navigation and the "open by id" form.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { navigate } from '../../router';

export const TRAINING_SECTIONS = [
  { path: '/training/items', title: 'Items needing attention' },
  { path: '/training/errors', title: 'Error insights' },
  { path: '/training/courses', title: 'Course variants' },
  { path: '/training/calibrations', title: 'Calibrations' },
  { path: '/training/blueprints', title: 'Information curves' },
] as const;

export function TrainingNav({ current }: { current?: string }) {
  return (
    <nav aria-label="Training console" class="subnav">
      <a href="#/training" aria-current={current === '/training' ? 'page' : undefined}>
        Overview
      </a>
      {TRAINING_SECTIONS.map((s) => (
        <a key={s.path} href={`#${s.path}`} aria-current={current === s.path ? 'page' : undefined}>
          {s.title}
        </a>
      ))}
    </nav>
  );
}

/** A field to open one record by its id (next to the record's list, when there is one): navigates to `${base}/${id}`. */
export function OpenById({ base, label, initial = '', button = 'Open' }: { base: string; label: string; initial?: string; button?: string }) {
  const [id, setId] = useState(initial);
  const fieldId = `open-${base.replace(/\W+/g, '-')}`;
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) navigate(`${base}/${encodeURIComponent(id.trim())}`);
      }}
    >
      <label for={fieldId}>{label}</label>
      <input id={fieldId} type="text" value={id} onInput={(e) => setId((e.target as HTMLInputElement).value)} />
      <button type="submit">{button}</button>
    </form>
  );
}

/** The route is there but answers 404 for the whole resource kind (not deployed yet): a state, not an error. */
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

export type Found<T> = { found: true; value: T } | { found: false; message: string };

/** A 404 becomes `{ found: false, message }` for the page to say plainly; any other failure stays an error. */
export function orNotFound<T>(request: Promise<T>): Promise<Found<T>> {
  return request.then(
    (value) => ({ found: true as const, value }),
    (error: unknown) => (isNotFound(error) ? { found: false as const, message: (error as ApiError).message } : Promise.reject(error)),
  );
}

/** An API instant to the minute, as the console's tables show times (UTC): `2026-12-07 11:56`. */
export const toMinute = (at: string) => at.slice(0, 16).replace('T', ' ');

/** A wide table that scrolls sideways on a phone: focusable and named, so keyboard users can scroll it too. */
export function TableScroll({ label, children }: { label?: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label ?? 'Table (scrolls sideways)'}>
      {children}
    </div>
  );
}
