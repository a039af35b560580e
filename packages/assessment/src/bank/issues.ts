// Shared plumbing for the import validators (item bank and blueprints): readable messages for zod issues,
// `items[3].key.correct`-style paths, and a guarded "parse just this field" helper so cross-field rules can
// run on every part of a document that is well-formed even when another part is not.

import * as z from 'zod';

export type PathSegment = string | number;

/** A problem found in a document: a dotted/bracketed path and a human-readable message. */
export interface Issue {
  path: PathSegment[];
  message: string;
}

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** `['items', 3, 'key', 'correct']` → `items[3].key.correct`; odd keys are quoted: `scores["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

const NOUN: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

function unitOf(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' entries';
  return '';
}

function fmt(n: number | bigint): string {
  return String(n);
}

/**
 * Per-parse error map: plain-English messages for the issue codes our schemas can raise. Messages set on a
 * schema itself (e.g. the slug patterns) take precedence over this map.
 */
export const readableErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required';
      const got = iss.input === null ? 'null' : Array.isArray(iss.input) ? 'an array' : typeof iss.input;
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'must be an integer';
      return `must be ${NOUN[iss.expected] ?? iss.expected} (got ${got})`;
    }
    case 'too_small': {
      const origin = String(iss.origin);
      if (origin === 'string' && Number(iss.minimum) === 1) return 'must not be empty';
      if (origin === 'array' || origin === 'string' || origin === 'set')
        return `must have at least ${fmt(iss.minimum)}${unitOf(origin)}`;
      return `must be ${iss.inclusive ? '≥' : '>'} ${fmt(iss.minimum)}`;
    }
    case 'too_big': {
      const origin = String(iss.origin);
      if (origin === 'array' || origin === 'string' || origin === 'set')
        return `must have at most ${fmt(iss.maximum)}${unitOf(origin)}`;
      return `must be ${iss.inclusive ? '≤' : '<'} ${fmt(iss.maximum)}`;
    }
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'has an invalid format';
    case 'invalid_union':
      if ('options' in iss && Array.isArray(iss.options) && iss.options.length > 0)
        return `must be one of ${iss.options.map((v) => JSON.stringify(v)).join(', ')}`;
      return 'does not match any allowed form';
    default:
      return undefined;
  }
};

/** Turn a ZodError into issues; unknown keys become one issue per key, at the key's own path. */
export function issuesOf(error: z.ZodError, prefix: PathSegment[] = []): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field '${key}'` }));
    return [{ path, message: issue.message }];
  });
}

/** safeParse with the readable messages. */
export function parseReadable<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { error: readableErrorMap });
}

/** Value at `path` inside `root` (undefined when any step is missing or not an object). */
export function at(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** The field at `path` parsed with `schema`, or undefined when it does not parse (its own errors are reported elsewhere). */
export function field<S extends z.ZodType>(root: unknown, path: readonly PathSegment[], schema: S): z.output<S> | undefined {
  const r = schema.safeParse(at(root, path));
  return r.success ? r.data : undefined;
}

/** Is `value` a plain object (not an array, not null)? */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
