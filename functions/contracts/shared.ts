import * as z from 'zod';
import type { RouteDoc } from '@theta/http';

export type RouteContract = Omit<RouteDoc, 'method' | 'path'>;

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
