// Split a valid import item into the four parts the store keeps apart. The tasker-facing part is built by
// whitelisting fields, so nothing new added to the import format can leak into it by accident.

import type { Item, ItemModel } from '@theta/irt/types';
import { isPolytomousItem, type ImportItem, type ItemKey, type ItemStatus, type ItemUse } from './item-schema';

/** Catalogue data: safe for authoring tools and analytics; not shown to taskers. */
export interface ItemMeta {
  id: string;
  skill: string;
  tags: string[];
  status: ItemStatus;
  /** placement and/or practice (docs/item-bank.md); absent on items stored before the field existed: placement */
  use?: ItemUse[];
  model: ItemModel;
  /** set by the store when it writes the item */
  version?: number;
}

/** What a tasker sees while answering: the stem and the options, nothing else. */
export interface PublicItemContent {
  stem: string;
  options: { id: string; text: string }[];
}

/**
 * Server-side only: the key, the error tag of every option that carries one, and the explanation.
 * The explanation lives here (not in the public content) because it gives the answer away: it may be shown
 * only after the tasker has answered, and only where feedback is allowed (practice, never placement).
 */
export interface ItemSecure {
  key: ItemKey;
  /** every option id, in display order (to reject answers that are not an option) */
  optionIds: string[];
  /** optionId → error tag (wrong options of choice items; options below the top score of scored items) */
  errorTags: Record<string, string>;
  explanation: string;
}

export interface SplitItem {
  meta: ItemMeta;
  /** the engine's item (IRT parameters): server-side only */
  params: Item;
  content: PublicItemContent;
  secure: ItemSecure;
}

export function toItemParams(item: ImportItem): Item {
  const common = { id: item.id, skill: item.skill, tags: [...item.tags] };
  if (isPolytomousItem(item))
    return { ...common, model: item.model, a: item.a, thresholds: [...item.thresholds] };
  return {
    ...common,
    model: item.model,
    a: item.a,
    b: item.b,
    ...(item.c === undefined ? {} : { c: item.c }),
    ...(item.d === undefined ? {} : { d: item.d }),
  };
}

export function splitItem(item: ImportItem, options: { version?: number } = {}): SplitItem {
  const errorTags: Record<string, string> = {};
  for (const o of item.content.options) if (o.errorTag !== undefined) errorTags[o.id] = o.errorTag;
  const key: ItemKey =
    item.key.type === 'choice' ? { type: 'choice', correct: item.key.correct } : { type: 'scored', scores: { ...item.key.scores } };
  return {
    meta: {
      id: item.id,
      skill: item.skill,
      tags: [...item.tags],
      status: item.status,
      use: [...item.use],
      model: item.model,
      ...(options.version === undefined ? {} : { version: options.version }),
    },
    params: toItemParams(item),
    content: {
      stem: item.content.stem,
      options: item.content.options.map((o) => ({ id: o.id, text: o.text })),
    },
    secure: {
      key,
      optionIds: item.content.options.map((o) => o.id),
      errorTags,
      explanation: item.content.explanation,
    },
  };
}
