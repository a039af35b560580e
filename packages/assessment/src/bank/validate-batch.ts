// Validate a whole import batch and report every problem, each with the item it belongs to and a path.

import {
  isRecord,
  issuesOf,
  parseReadable,
  formatPath,
  type Issue,
  type PathSegment,
} from './issues';
import {
  ITEM_ID_PATTERN,
  ItemBatchEnvelopeSchema,
  ItemShapeSchema,
  SLUG_PATTERN,
  itemRuleIssues,
  toImportItem,
  type ItemBatch,
  type ItemShape,
} from './item-schema';

/** One problem in an import batch. */
export interface ItemError {
  /** position of the item in `items`; null for problems of the batch itself (envelope, enemy groups) */
  index: number | null;
  /** the item's id, when it has a string id */
  itemId?: string;
  /** where, from the batch root: `items[3].key.correct`, `enemies[0][1]`; '' for the batch itself */
  path: string;
  message: string;
}

export type ItemBatchResult = { ok: true; batch: ItemBatch } | { ok: false; errors: ItemError[] };

export interface ValidateItemBatchOptions {
  /**
   * Ids of items already in the bank. Enemy groups may name them as well as items of the batch (e.g. a new
   * item that is an enemy of an old one). Given (even empty) means the bank was checked. Default: every enemy
   * must be in the batch.
   */
  knownItemIds?: Iterable<string>;
  /**
   * The error taxonomy's slugs (docs/item-bank.md, "Error tags"). Given, every error tag an option names must be
   * one of them (`items[i].content.options[j].errorTag`). Not given: tags are only checked as slugs.
   */
  knownErrorTags?: Iterable<string>;
}

/** Options whose error tag (a well-formed slug) is not in the taxonomy. */
function unknownErrorTagIssues(raw: Record<string, unknown>, known: Set<string> | undefined): Issue[] {
  if (!known || !isRecord(raw.content) || !Array.isArray(raw.content.options)) return [];
  const issues: Issue[] = [];
  (raw.content.options as unknown[]).forEach((o, j) => {
    const tag = isRecord(o) ? o.errorTag : undefined;
    if (typeof tag === 'string' && SLUG_PATTERN.test(tag) && !known.has(tag))
      issues.push({
        path: ['content', 'options', j, 'errorTag'],
        message: `unknown error tag "${tag}": not in the error taxonomy (add it with PUT /v1/error-tags/${tag} first)`,
      });
  });
  return issues;
}

/**
 * Validate an import batch (the parsed JSON of `bank.json` or of a `POST /v1/items/batch` body).
 * Never stops at the first problem: every item is checked and every error is reported.
 */
export function validateItemBatch(input: unknown, options: ValidateItemBatchOptions = {}): ItemBatchResult {
  const errors: ItemError[] = [];
  if (!isRecord(input)) {
    errors.push({ index: null, path: '', message: 'the batch must be a JSON object: { "items": [...], "enemies"?: [[...]] }' });
    return { ok: false, errors };
  }

  const envelope = parseReadable(ItemBatchEnvelopeSchema, input);
  if (!envelope.success) {
    for (const issue of issuesOf(envelope.error)) {
      // problems inside one item are reported below, item by item; here only the batch's own fields
      if (issue.path[0] === 'items' && typeof issue.path[1] === 'number') continue;
      errors.push({ index: null, path: formatPath(issue.path), message: issue.message });
    }
  }

  const rawItems = Array.isArray(input.items) ? (input.items as unknown[]) : [];

  // first position of every string id, to report duplicates at the later positions
  const firstIndexOf = new Map<string, number>();
  rawItems.forEach((raw, i) => {
    const id = isRecord(raw) ? raw.id : undefined;
    if (typeof id === 'string' && !firstIndexOf.has(id)) firstIndexOf.set(id, i);
  });

  const knownTags = options.knownErrorTags === undefined ? undefined : new Set(options.knownErrorTags);
  const shapes: ItemShape[] = [];
  rawItems.forEach((raw, i) => {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const push = (issue: Issue) =>
      errors.push({
        index: i,
        ...(id === undefined ? {} : { itemId: id }),
        path: formatPath(['items', i, ...issue.path]),
        message: issue.message,
      });
    if (!isRecord(raw)) {
      push({ path: [], message: 'each item must be a JSON object' });
      return;
    }
    const shape = parseReadable(ItemShapeSchema, raw);
    if (!shape.success) issuesOf(shape.error).forEach(push);
    const ruleIssues = [...itemRuleIssues(raw), ...unknownErrorTagIssues(raw, knownTags)];
    ruleIssues.forEach(push);
    if (id !== undefined) {
      const first = firstIndexOf.get(id);
      if (first !== undefined && first !== i)
        push({ path: ['id'], message: `duplicate item id "${id}" (first used by items[${first}])` });
    }
    if (shape.success && ruleIssues.length === 0) shapes.push(shape.data);
  });

  // enemy groups: members are distinct and name items of the batch (or of the bank, when known ids are given)
  const known = new Set(options.knownItemIds ?? []);
  const bankChecked = options.knownItemIds !== undefined;
  const rawEnemies = Array.isArray(input.enemies) ? (input.enemies as unknown[]) : [];
  rawEnemies.forEach((group, g) => {
    if (!Array.isArray(group)) return; // reported by the envelope schema
    const seen = new Map<string, number>();
    group.forEach((member: unknown, m) => {
      if (typeof member !== 'string' || !ITEM_ID_PATTERN.test(member)) return; // reported by the envelope schema
      const path: PathSegment[] = ['enemies', g, m];
      const first = seen.get(member);
      if (first !== undefined) {
        errors.push({ index: null, path: formatPath(path), message: `"${member}" is listed twice in this group (also at enemies[${g}][${first}])` });
        return;
      }
      seen.set(member, m);
      if (!firstIndexOf.has(member) && !known.has(member))
        errors.push({
          index: null,
          path: formatPath(path),
          message: `unknown item id "${member}": not in this batch${bankChecked ? ' nor in the bank' : ''}`,
        });
    });
  });

  if (errors.length > 0) {
    // batch-level problems first, then item by item, then enemy groups (stable within each group)
    const rank = (e: ItemError) => (e.index !== null ? 1 : e.path.startsWith('enemies') ? 2 : 0);
    return { ok: false, errors: errors.map((e, n) => ({ e, n })).sort((x, y) => rank(x.e) - rank(y.e) || x.n - y.n).map(({ e }) => e) };
  }
  return {
    ok: true,
    batch: {
      items: shapes.map(toImportItem),
      enemies: envelope.success ? (envelope.data.enemies ?? []).map((group) => [...group]) : [],
    },
  };
}
