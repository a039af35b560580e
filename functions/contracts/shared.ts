import * as z from 'zod';
import type { Role, RouteDoc } from '@theta/http';

/**
 * How a handler decides that an object is the caller's own (the owner is always the token's `sub`):
 * - `path-tasker`: the path's `{id}` is a tasker id, and it must be the caller's `sub`;
 * - `session-owner`: the path's `{id}` names a placement or quiz, which must have been started for the caller;
 * - `enrollment`: the path's `{id}` names a course, visible only while the caller is enrolled in it;
 * - `token-subject`: the route acts on the caller alone; nothing in the path or body names a tasker.
 */
export type OwnershipRule = 'path-tasker' | 'session-owner' | 'enrollment' | 'token-subject';

/**
 * Roles of `access` limited to their own objects, and how ownership is decided; every other role in `access`
 * reaches any object. Another's object answers the same 404 as an unknown id (docs/security.md).
 */
export interface RouteOwnership {
  roles: readonly Role[];
  by: OwnershipRule;
}

export type RouteContract = Omit<RouteDoc, 'method' | 'path'> & {
  /** absent: every role in `access` may act on any object of the route */
  ownership?: RouteOwnership;
};

export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _');

export const ItemViewSchema = z.object({
  id: z.string(),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
});

export const ProgressSchema = z.object({
  answered: z.int(),
  maxItems: z.int().meta({ description: 'the cap: the test never gives more items' }),
  expectedItemsLeft: z
    .int()
    .min(0)
    .optional()
    .meta({ description: 'items the stopping rule is expected to need from here, the one on screen included (≤ maxItems − answered); absent only in replays of answers recorded before it existed' }),
});

export const SkillResultSchema = z.object({
  theta: z.number(),
  se: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
  items: z.int(),
  stopReason: z.string().optional(),
});
