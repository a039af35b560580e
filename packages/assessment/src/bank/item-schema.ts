// The public item import format (`npm run items:import -- bank.json`, `POST /v1/items/batch`): zod schemas for
// the shape of every field, the cross-field rules of one item, and the TypeScript types of a valid item.
// docs/item-bank.md is the reference for authors; keep the two in step.
//
// Validation is two-pass so that an author sees every problem at once:
//   1. shape: each field against its zod schema (types, ranges, patterns, unknown fields);
//   2. rules: relations between fields (model ↔ parameters, key ↔ options ↔ error tags), each rule run as soon as
//      the fields it reads are well-formed, whatever the state of the others.

import * as z from 'zod';
import type { DichotomousModel, ItemModel, PolytomousModel } from '@theta/irt/types';
import { at, field, type Issue, type PathSegment } from './issues';

// ---------------------------------------------------------------------------------------------------------
// Limits (the format's contract: docs/item-bank.md lists the same numbers)

export const ITEM_LIMITS = {
  idMaxLength: 64,
  slugMaxLength: 64,
  maxTags: 10,
  stemMaxLength: 8000,
  optionTextMaxLength: 4000,
  explanationMaxLength: 8000,
  minOptions: 2,
  maxOptions: 8,
  optionIdMaxLength: 8,
  aMax: 5,
  bMaxAbs: 6,
  /** c ∈ [0, cMax) */
  cMax: 0.5,
  /** d ∈ (dMin, 1] */
  dMin: 0.5,
  minThresholds: 1,
  maxThresholds: 9,
} as const;

export const DICHOTOMOUS_MODELS = ['1PL', '2PL', '3PL', '4PL'] as const satisfies readonly DichotomousModel[];
export const POLYTOMOUS_MODELS = ['GRM', 'GPCM'] as const satisfies readonly PolytomousModel[];
export const ITEM_MODELS = [...DICHOTOMOUS_MODELS, ...POLYTOMOUS_MODELS] as const satisfies readonly ItemModel[];
export const ITEM_STATUSES = ['pilot', 'active', 'retired'] as const;
/**
 * Where an item may be used: `placement` (secure: never shown in practice, no feedback) and/or `practice` (quizzes,
 * with feedback). Default `["placement"]`, so an item nobody marked for practice never leaks into a quiz.
 */
export const ITEM_USES = ['placement', 'practice'] as const;
export const DEFAULT_ITEM_USE: readonly ItemUse[] = ['placement'];
export type ItemUse = (typeof ITEM_USES)[number];

export type ItemStatus = (typeof ITEM_STATUSES)[number];

export function isDichotomousModel(model: ItemModel): model is DichotomousModel {
  return (DICHOTOMOUS_MODELS as readonly string[]).includes(model);
}

// ---------------------------------------------------------------------------------------------------------
// Field schemas

/** item ids: lowercase letters, digits and hyphens, 1..64 characters (e.g. `if-001`) */
export const ITEM_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
/** The demo seed's own namespace: every seed item has this id prefix and this tag, and no other item has either. */
export const DEMO_ID_PREFIX = 'demo-';
export const DEMO_TAG = 'demo';
/** slugs (skills, tags, error tags): lowercase words of letters/digits joined by single hyphens (e.g. `missed-constraint`) */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** option ids: 1..8 letters, digits, `_` or `-` (e.g. `A`, `opt-1`) */
export const OPTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,8}$/;

export const ItemIdSchema = z
  .string()
  .regex(ITEM_ID_PATTERN, { error: 'must be 1..64 lowercase letters, digits or hyphens (e.g. "if-001")' });

export const SlugSchema = z
  .string()
  .max(ITEM_LIMITS.slugMaxLength)
  .regex(SLUG_PATTERN, { error: 'must be a lowercase slug: letters and digits joined by single hyphens (e.g. "missed-constraint")' });

export const OptionIdSchema = z
  .string()
  .regex(OPTION_ID_PATTERN, { error: 'must be 1..8 letters, digits, "_" or "-" (e.g. "A")' });

export const OptionSchema = z.strictObject({
  id: OptionIdSchema,
  text: z.string().min(1).max(ITEM_LIMITS.optionTextMaxLength),
  errorTag: SlugSchema.optional(),
});

export const ContentSchema = z.strictObject({
  stem: z.string().min(1).max(ITEM_LIMITS.stemMaxLength),
  options: z.array(OptionSchema).min(ITEM_LIMITS.minOptions).max(ITEM_LIMITS.maxOptions),
  explanation: z.string().max(ITEM_LIMITS.explanationMaxLength),
});

export const ChoiceKeySchema = z.strictObject({ type: z.literal('choice'), correct: OptionIdSchema });
export const ScoredKeySchema = z.strictObject({
  type: z.literal('scored'),
  scores: z.record(OptionIdSchema, z.int().min(0)),
});
export const ItemKeySchema = z.discriminatedUnion('type', [ChoiceKeySchema, ScoredKeySchema]);

export const ItemModelSchema = z.enum(ITEM_MODELS);
export const ItemStatusSchema = z.enum(ITEM_STATUSES);
export const ItemUseSchema = z.array(z.enum(ITEM_USES)).min(1).max(ITEM_USES.length);

export const DiscriminationSchema = z.number().gt(0).lte(ITEM_LIMITS.aMax);
export const DifficultySchema = z.number().gte(-ITEM_LIMITS.bMaxAbs).lte(ITEM_LIMITS.bMaxAbs);
export const GuessingSchema = z.number().gte(0).lt(ITEM_LIMITS.cMax);
export const UpperAsymptoteSchema = z.number().gt(ITEM_LIMITS.dMin).lte(1);
export const ThresholdsSchema = z
  .array(DifficultySchema)
  .min(ITEM_LIMITS.minThresholds)
  .max(ITEM_LIMITS.maxThresholds);

/**
 * The shape of one item, field by field. Model-dependent presence (b vs thresholds, c/d, key type) is checked by
 * `itemRuleIssues`, so every field here except the common ones is optional.
 */
export const ItemShapeSchema = z.strictObject({
  id: ItemIdSchema,
  skill: SlugSchema,
  tags: z.array(SlugSchema).max(ITEM_LIMITS.maxTags).optional(),
  status: ItemStatusSchema,
  use: ItemUseSchema.optional(),
  model: ItemModelSchema,
  a: DiscriminationSchema.optional(),
  b: DifficultySchema.optional(),
  c: GuessingSchema.optional(),
  d: UpperAsymptoteSchema.optional(),
  thresholds: ThresholdsSchema.optional(),
  content: ContentSchema,
  key: ItemKeySchema,
});

export const EnemyGroupSchema = z.array(ItemIdSchema).min(2);

/** The envelope: `{ items: [...], enemies?: [[id, id, ...], ...] }`. Items are checked one by one (see validate-batch). */
export const ItemBatchEnvelopeSchema = z.strictObject({
  items: z.array(z.unknown()).min(1),
  enemies: z.array(EnemyGroupSchema).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Types of a valid item

export type ItemOption = z.output<typeof OptionSchema>;
export type ItemContent = z.output<typeof ContentSchema>;
export type ChoiceKey = z.output<typeof ChoiceKeySchema>;
export type ScoredKey = z.output<typeof ScoredKeySchema>;
export type ItemKey = ChoiceKey | ScoredKey;

interface ImportItemBase {
  id: string;
  skill: string;
  /** default [] */
  tags: string[];
  status: ItemStatus;
  /** default ["placement"]; unique, in ITEM_USES order */
  use: ItemUse[];
  /** discrimination; 1PL items may omit it (common discrimination, default 1) */
  a: number;
  content: ItemContent;
}

export interface DichotomousImportItem extends ImportItemBase {
  model: DichotomousModel;
  b: number;
  /** 3PL/4PL only */
  c?: number;
  /** 4PL only */
  d?: number;
  key: ChoiceKey;
}

export interface PolytomousImportItem extends ImportItemBase {
  model: PolytomousModel;
  /** K = thresholds.length; scores run 0..K */
  thresholds: number[];
  key: ScoredKey;
}

/** One valid item of the import format. */
export type ImportItem = DichotomousImportItem | PolytomousImportItem;

/** A valid import batch. `enemies` defaults to []. */
export interface ItemBatch {
  items: ImportItem[];
  enemies: string[][];
}

export type ItemShape = z.output<typeof ItemShapeSchema>;

export function isPolytomousItem(item: ImportItem): item is PolytomousImportItem {
  return !isDichotomousModel(item.model);
}

// ---------------------------------------------------------------------------------------------------------
// Cross-field rules of one item

const OptionRefsSchema = z.array(z.looseObject({ id: OptionIdSchema, errorTag: SlugSchema.optional() }));

const hasField = (raw: unknown, name: string): boolean => at(raw, [name]) !== undefined;

/**
 * The rules that relate fields of one item. `raw` is the item as received; each rule runs only when the fields
 * it reads are well-formed (their own shape errors are reported by `ItemShapeSchema`). Paths are relative to
 * the item.
 */
export function itemRuleIssues(raw: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (path: PathSegment[], message: string) => issues.push({ path, message });

  const model = field(raw, ['model'], ItemModelSchema);
  const options = field(raw, ['content', 'options'], OptionRefsSchema);
  const key = field(raw, ['key'], ItemKeySchema);
  const thresholds = field(raw, ['thresholds'], ThresholdsSchema);
  const tags = field(raw, ['tags'], z.array(z.unknown()));
  const uses = field(raw, ['use'], z.array(z.unknown()));

  // use: no duplicates
  if (uses) {
    const seen = new Set<unknown>();
    uses.forEach((u, k) => {
      if (seen.has(u)) add(['use', k], `duplicate use ${JSON.stringify(u)}`);
      seen.add(u);
    });
  }

  // the demo seed's namespace: its id prefix and its tag go together, so a real bank cannot take in a demo item
  // (or name a real item like one) by accident (issue 8.5; packages/local/seed/README.md)
  const id = field(raw, ['id'], z.string());
  const demoTagged = tags?.includes(DEMO_TAG) ?? false;
  if (id?.startsWith(DEMO_ID_PREFIX) && !demoTagged)
    add(['tags'], `must include "${DEMO_TAG}": ids starting "${DEMO_ID_PREFIX}" are reserved for the demo seed`);
  if (id !== undefined && demoTagged && !id.startsWith(DEMO_ID_PREFIX))
    add(['tags', tags!.indexOf(DEMO_TAG)], `"${DEMO_TAG}" is reserved for the demo seed, whose ids start "${DEMO_ID_PREFIX}" (this id is "${id}")`);

  // tags: no duplicates
  if (tags) {
    const seen = new Map<unknown, number>();
    tags.forEach((t, k) => {
      const first = seen.get(t);
      if (first !== undefined) add(['tags', k], `duplicate tag ${JSON.stringify(t)} (also at tags[${first}])`);
      else seen.set(t, k);
    });
  }

  // model ↔ parameters
  if (model) {
    if (isDichotomousModel(model)) {
      if (!hasField(raw, 'a') && model !== '1PL') add(['a'], `is required for ${model} items (discrimination > 0)`);
      if (!hasField(raw, 'b')) add(['b'], `is required for ${model} items (difficulty)`);
      if (hasField(raw, 'thresholds'))
        add(['thresholds'], `is only for polytomous items (GRM, GPCM); a ${model} item has a single difficulty "b"`);
      if (hasField(raw, 'c') && model !== '3PL' && model !== '4PL')
        add(['c'], `is only allowed for 3PL and 4PL items (a ${model} item has no guessing parameter)`);
      if (hasField(raw, 'd') && model !== '4PL')
        add(['d'], `is only allowed for 4PL items (a ${model} item has no upper asymptote)`);
    } else {
      if (!hasField(raw, 'a')) add(['a'], `is required for ${model} items (discrimination > 0)`);
      if (!hasField(raw, 'thresholds')) add(['thresholds'], `is required for ${model} items (1..9 category thresholds)`);
      for (const p of ['b', 'c', 'd'] as const)
        if (hasField(raw, p))
          add([p], `is only for dichotomous items; a ${model} item is described by "a" and "thresholds"`);
      if (model === 'GRM' && thresholds)
        thresholds.forEach((t, k) => {
          const prev = thresholds[k - 1];
          if (prev !== undefined && t <= prev)
            add(['thresholds', k], `GRM thresholds must be strictly increasing: ${t} is not greater than thresholds[${k - 1}] = ${prev}`);
        });
    }
  }

  // options: unique ids
  if (options) {
    const seen = new Map<string, number>();
    options.forEach((o, j) => {
      const first = seen.get(o.id);
      if (first !== undefined) add(['content', 'options', j, 'id'], `duplicate option id "${o.id}" (also at content.options[${first}])`);
      else seen.set(o.id, j);
    });
  }

  // key ↔ model
  let keyFitsModel = true;
  if (key && model) {
    if (key.type === 'choice' && !isDichotomousModel(model)) {
      keyFitsModel = false;
      add(['key', 'type'], `a ${model} item needs a "scored" key (a score 0..K for every option), not a "choice" key`);
    }
    if (key.type === 'scored' && isDichotomousModel(model)) {
      keyFitsModel = false;
      add(['key', 'type'], `a ${model} item needs a "choice" key (one correct option), not a "scored" key`);
    }
  }

  // key ↔ options ↔ error tags (skipped when the key type is wrong for the model: fix that first)
  if (key && options && keyFitsModel) {
    const ids = new Set(options.map((o) => o.id));
    if (key.type === 'choice') {
      if (!ids.has(key.correct))
        add(['key', 'correct'], `names option "${key.correct}", which is not one of the options (${[...ids].join(', ')})`);
      else
        options.forEach((o, j) => {
          if (o.id === key.correct && o.errorTag !== undefined)
            add(['content', 'options', j, 'errorTag'], `the correct option "${o.id}" must not carry an error tag`);
          if (o.id !== key.correct && o.errorTag === undefined)
            add(['content', 'options', j, 'errorTag'], `is required: every wrong option names the error it reveals (option "${o.id}")`);
        });
    } else {
      const K = thresholds?.length;
      for (const optionId of Object.keys(key.scores))
        if (!ids.has(optionId)) add(['key', 'scores', optionId], `scores option "${optionId}", which is not one of the options`);
      let reachesMax = false;
      let outOfRange = false;
      options.forEach((o, j) => {
        const score = Object.hasOwn(key.scores, o.id) ? key.scores[o.id] : undefined;
        if (score === undefined) {
          add(['key', 'scores', o.id], `is required: every option needs a score (option "${o.id}" has none)`);
          return;
        }
        if (K === undefined) return;
        if (score > K) {
          outOfRange = true;
          add(['key', 'scores', o.id], `must be ≤ ${K} (K = number of thresholds); got ${score}`);
          return;
        }
        if (score === K) {
          reachesMax = true;
          if (o.errorTag !== undefined)
            add(['content', 'options', j, 'errorTag'], `option "${o.id}" earns the full score ${K} and must not carry an error tag`);
        } else if (o.errorTag === undefined)
          add(['content', 'options', j, 'errorTag'], `is required: option "${o.id}" scores ${score} < ${K} and must name the error it reveals`);
      });
      if (K !== undefined && !reachesMax && !outOfRange)
        add(['key', 'scores'], `no option earns the maximum score ${K} (K = thresholds.length); the top category is unreachable`);
    }
  }
  return issues;
}

/**
 * Build the typed item from a shape-valid item whose rules all passed. Fills defaults: tags [] and, for 1PL
 * items without `a`, a = 1.
 */
export function toImportItem(item: ItemShape): ImportItem {
  const common = {
    id: item.id,
    skill: item.skill,
    tags: item.tags ?? [],
    status: item.status,
    use: ITEM_USES.filter((u) => (item.use ?? DEFAULT_ITEM_USE).includes(u)),
    content: item.content,
  };
  const model = item.model;
  if (isDichotomousModel(model)) {
    if (item.key.type !== 'choice' || item.b === undefined) throw new Error(`item ${item.id} did not pass its rules`);
    return {
      ...common,
      model,
      a: item.a ?? 1,
      b: item.b,
      ...(item.c === undefined ? {} : { c: item.c }),
      ...(item.d === undefined ? {} : { d: item.d }),
      key: item.key,
    };
  }
  if (item.key.type !== 'scored' || item.thresholds === undefined || item.a === undefined)
    throw new Error(`item ${item.id} did not pass its rules`);
  return { ...common, model, a: item.a, thresholds: item.thresholds, key: item.key };
}
