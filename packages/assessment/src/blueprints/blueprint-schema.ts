// A blueprint says what a placement test measures and how: skills and their item counts, the CAT settings,
// the cut scores, the routing rules, the retake policy. It is data (JSON), validated here; docs/blueprints.md
// is the reference. Published versions are immutable (the store assigns `version` on publish).

import * as z from 'zod';
import { Z_95 } from '@theta/irt';
import { SlugSchema } from '../bank/item-schema';

export const BLUEPRINT_LIMITS = {
  titleMaxLength: 200,
  /**
   * Completing a placement stores every skill's result in one DynamoDB transaction (8 records) and on the tasker's
   * one PROFILE item (400 KB at most); 20 skills keep both, and a placement's length, far inside their limits.
   */
  maxSkills: 20,
  /** content (tag) constraints per blueprint */
  maxContentConstraints: 20,
  /** tags in one skill's `itemTags` filter (as many as an item may carry) */
  maxItemTags: 10,
  /** per skill and per test */
  maxItems: 500,
  /** cuts and prior means live on the θ scale, like item difficulties */
  thetaMaxAbs: 6,
  maxPriorSd: 10,
  maxRandomesqueK: 50,
  maxIndifference: 3,
  maxZ: 5,
  maxCooldownHours: 24 * 365,
  maxAttempts: 100,
  maxIdleTimeoutMinutes: 24 * 60,
  /** pilot items per placement: unscored time the tasker spends */
  maxPilotItems: 10,
  maxPilotMinResponses: 100_000,
  /** per-item time bounds (ms): a minimum above 10 min or a maximum beyond a day is a typo */
  maxMinItemMs: 600_000,
  minMaxItemMs: 1_000,
  maxMaxItemMs: 86_400_000,
} as const;

const Theta = z.number().gte(-BLUEPRINT_LIMITS.thetaMaxAbs).lte(BLUEPRINT_LIMITS.thetaMaxAbs);
const Count = z.int().min(0).max(BLUEPRINT_LIMITS.maxItems);
const PositiveCount = z.int().min(1).max(BLUEPRINT_LIMITS.maxItems);

export const SKILL_KINDS = ['general', 'domain'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

export const BlueprintSkillSchema = z.strictObject({
  skill: SlugSchema,
  kind: z.enum(SKILL_KINDS),
  /** the expert track a domain skill opens (`expert:<domain>`); domain skills only */
  domain: SlugSchema.optional(),
  minItems: Count,
  maxItems: PositiveCount,
  /** share of the test this skill should get (content balancing); optional */
  targetShare: z.number().gt(0).lte(1).optional(),
  /**
   * only items of this skill that carry at least one of these content tags (e.g. a project's own items,
   * tagged with the project's slug); absent: every active item of the skill
   */
  itemTags: z.array(SlugSchema).min(1).max(BLUEPRINT_LIMITS.maxItemTags).optional(),
});

/**
 * A constraint on the items carrying a content tag, counted over the whole test (all skills together):
 * at least `minItems`, at most `maxItems`, and about `targetShare` of the test (content balancing).
 */
export const ContentConstraintSchema = z.strictObject({
  tag: SlugSchema,
  minItems: Count.optional(),
  maxItems: Count.optional(),
  targetShare: z.number().gt(0).lte(1).optional(),
});

export const EstimatorSettingsSchema = z.strictObject({
  method: z.enum(['EAP', 'MAP', 'MLE', 'WLE']),
  prior: z
    .strictObject({ mean: Theta, sd: z.number().gt(0).lte(BLUEPRINT_LIMITS.maxPriorSd) })
    .default({ mean: 0, sd: 1 }),
});

export const SelectionSettingsSchema = z.strictObject({
  /** CMI: classification mutual information at the cuts (recommended with cuts; docs/blueprints.md, "Classification defaults") */
  method: z.enum(['MFI', 'KL', 'randomesque', 'a-stratified', 'CMI']),
  /** randomesque only: pick uniformly among the K most informative items */
  randomesqueK: z.int().min(2).max(BLUEPRINT_LIMITS.maxRandomesqueK).optional(),
});

/** Exposure methods a blueprint may name (the engine's Sympson–Hetter needs per-bank simulated parameters: not offered). */
export const EXPOSURE_METHODS = ['none', 'progressive', 'restricted'] as const;

export const ExposureSettingsSchema = z.strictObject({
  method: z.enum(EXPOSURE_METHODS, {
    error: (issue) =>
      issue.input === 'sympson-hetter'
        ? 'sympson-hetter is not available in blueprints (its control parameters would need a simulation per bank): use "progressive" or "restricted" with maxRate'
        : undefined,
  }),
  /** target maximum exposure rate of an item (required for restricted; optional for progressive) */
  maxRate: z.number().gt(0).lte(1).optional(),
});

/**
 * The classification stop a blueprint gets when it names none, and the parameters `posterior` gets when it gives
 * none: measured on held-out data through the API (docs/benchmarks.md, "Placement routing accuracy").
 */
export const RECOMMENDED_CLASSIFICATION = { method: 'posterior', confidence: 0.995, itemCost: 0.0002 } as const;

export const ClassificationSettingsSchema = z.strictObject({
  /**
   * posterior: stop when P(θ on its side of the cut | answers) ≥ confidence, or when no few more items are expected
   * to lower the misclassification probability by more than itemCost each; sprt: Wald's SPRT at each cut;
   * ci: stop when θ̂ ± z·SE excludes the cut; none: no classification stop
   */
  method: z.enum(['posterior', 'sprt', 'ci', 'none']),
  /** sprt: P(classify above | θ = cut − indifference) */
  alpha: z.number().gt(0).lt(0.5).optional(),
  /** sprt: P(classify below | θ = cut + indifference) */
  beta: z.number().gt(0).lt(0.5).optional(),
  /** sprt: half-width of the indifference region around the cut */
  indifference: z.number().gt(0).lte(BLUEPRINT_LIMITS.maxIndifference).optional(),
  /** ci: two-sided confidence of the interval (e.g. 0.95); posterior: the required probability of the side (default 0.995) */
  confidence: z.number().gt(0.5).lt(1).optional(),
  /** posterior only: the cost of one more item in misclassification probability (default 0.0002) */
  itemCost: z.number().gt(0).lt(1).optional(),
});

/** The posterior rule with its recommended parameters filled, so a published version records the numbers it runs with. */
const withPosteriorDefaults = (c: z.output<typeof ClassificationSettingsSchema>) =>
  c.method === 'posterior' ? { ...c, confidence: c.confidence ?? RECOMMENDED_CLASSIFICATION.confidence, itemCost: c.itemCost ?? RECOMMENDED_CLASSIFICATION.itemCost } : c;

export const StoppingSettingsSchema = z.strictObject({
  minItems: Count,
  maxItems: PositiveCount,
  seThreshold: z.number().gt(0).optional(),
  minInformation: z.number().gte(0).optional(),
  /** stop a skill once it is classified against its cuts (the blueprint's `cuts`); absent: the recommended rule */
  classification: ClassificationSettingsSchema.prefault({ method: RECOMMENDED_CLASSIFICATION.method }).transform(withPosteriorDefaults),
});

export const CatSettingsSchema = z.strictObject({
  estimator: EstimatorSettingsSchema,
  selection: SelectionSettingsSchema,
  exposure: ExposureSettingsSchema.default({ method: 'none' }),
  stopping: StoppingSettingsSchema,
});

export const CutsSchema = z.strictObject({ generalist: Theta.optional(), expert: Theta.optional() });

/**
 * How estimates become a track (src/routing/decide-track.ts applies it; docs/blueprints.md explains it).
 * Every number the routing uses is here or in `cuts`.
 */
export const RoutingRulesSchema = z.strictObject({
  /** interval half-width multiplier: a skill is above/below a cut when θ ± z·SE lies entirely above/below it (Z_95 ≈ 1.959964: 95%, the result's ci95) */
  z: z.number().gt(0).lte(BLUEPRINT_LIMITS.maxZ).default(Z_95),
  expert: z
    .strictObject({
      /**
       * what the general skills need for an expert track:
       * 'not-below' (default): no general skill is classified below its generalist cut;
       * 'pass': every general skill passes, as for the generalist track.
       */
      generalRequirement: z.enum(['not-below', 'pass']).default('not-below'),
    })
    .prefault({}),
  generalist: z
    .strictObject({
      /**
       * whether a general skill whose interval contains the cut passes:
       * 'theta-at-or-above-cut' (default): passes iff θ ≥ cut; 'pass': always; 'fail': never.
       */
      uncertain: z.enum(['theta-at-or-above-cut', 'pass', 'fail']).default('theta-at-or-above-cut'),
    })
    .prefault({}),
  remedial: z
    .strictObject({
      /** remedial:<weakest skill> when 1..maxFailingSkills general skills fail (default 1; 0 disables remedial) */
      maxFailingSkills: z.int().min(0).max(BLUEPRINT_LIMITS.maxSkills).default(1),
    })
    .prefault({}),
});

export const RetakePolicySchema = z.strictObject({
  /** hours after a completed attempt before the next may start */
  cooldownHours: z.number().gte(0).lte(BLUEPRINT_LIMITS.maxCooldownHours),
  /** attempts allowed in total (including the first) */
  maxAttempts: z.int().min(1).max(BLUEPRINT_LIMITS.maxAttempts),
});

/**
 * Pilot items (status `pilot`) seeded unscored into every placement: `items` per placement, at random positions
 * (never the first), never affecting θ, routing or the stopping rule; `minResponses` each needs before calibration
 * may promote it (docs/calibration.md, "Pilot items in live tests").
 */
export const PilotSettingsSchema = z.strictObject({
  items: z.int().min(1).max(BLUEPRINT_LIMITS.maxPilotItems),
  minResponses: z.int().min(1).max(BLUEPRINT_LIMITS.maxPilotMinResponses),
});

/**
 * Time per item, measured by the server from the moment it served the item to the moment the answer arrived
 * (docs/blueprints.md, "Time per item"). An answer faster than `minItemMs` is a rapid guess: recorded and flagged
 * (item health reads it from the response log); a placement whose scored answers are more than `maxRapidShare`
 * rapid guesses is not routed. An answer after `maxItemMs` scores 0 (the item timed out).
 */
export const TimingSettingsSchema = z
  .strictObject({
    minItemMs: z.int().min(0).max(BLUEPRINT_LIMITS.maxMinItemMs),
    maxItemMs: z.int().min(BLUEPRINT_LIMITS.minMaxItemMs).max(BLUEPRINT_LIMITS.maxMaxItemMs).optional(),
    maxRapidShare: z.number().gte(0).lte(1).default(0.5),
  })
  .refine((t) => t.maxItemMs === undefined || t.maxItemMs > t.minItemMs, { path: ['maxItemMs'], error: 'must be greater than minItemMs' });

export const BlueprintSchema = z.strictObject({
  id: SlugSchema,
  /** set by the store on publish (1, 2, ...); ignored on input to publish */
  version: z.int().min(1).optional(),
  title: z.string().min(1).max(BLUEPRINT_LIMITS.titleMaxLength),
  /** project-specific blueprint */
  projectId: SlugSchema.optional(),
  skills: z
    .array(BlueprintSkillSchema)
    .min(1)
    .max(BLUEPRINT_LIMITS.maxSkills, {
      error: `must have at most ${BLUEPRINT_LIMITS.maxSkills} entries: completing a placement stores every skill's result in one transaction`,
    }),
  /** content constraints by item tag (absent: none) */
  content: z.array(ContentConstraintSchema).max(BLUEPRINT_LIMITS.maxContentConstraints).optional(),
  cat: CatSettingsSchema,
  /** skill → cuts on that skill's θ scale */
  cuts: z.record(SlugSchema, CutsSchema),
  routing: RoutingRulesSchema.prefault({}),
  retake: RetakePolicySchema,
  idleTimeoutMinutes: z.int().min(1).max(BLUEPRINT_LIMITS.maxIdleTimeoutMinutes),
  /** 'declared' (default): domain skills are tested only for the domains the tasker declared; 'all': always */
  includeDomainsFrom: z.enum(['declared', 'all']).default('declared'),
  /** pilot items seeded unscored into each placement (absent: none) */
  pilot: PilotSettingsSchema.optional(),
  /** time per item (absent: times are recorded, nothing is enforced) */
  timing: TimingSettingsSchema.optional(),
});

/** A valid blueprint with defaults filled. */
export type Blueprint = z.output<typeof BlueprintSchema>;
/** A blueprint as authored (defaults optional). */
export type BlueprintInput = z.input<typeof BlueprintSchema>;
/** A published blueprint: the store has assigned its version. */
export type PublishedBlueprint = Blueprint & { version: number };

export type BlueprintSkill = z.output<typeof BlueprintSkillSchema>;
export type ContentConstraint = z.output<typeof ContentConstraintSchema>;
export type CatSettings = z.output<typeof CatSettingsSchema>;
export type StoppingSettings = z.output<typeof StoppingSettingsSchema>;
export type ClassificationSettings = z.output<typeof ClassificationSettingsSchema>;
export type SkillCuts = z.output<typeof CutsSchema>;
export type RoutingRules = z.output<typeof RoutingRulesSchema>;
export type RetakePolicy = z.output<typeof RetakePolicySchema>;
export type PilotSettings = z.output<typeof PilotSettingsSchema>;
export type TimingSettings = z.output<typeof TimingSettingsSchema>;

/** The routing rules a blueprint gets when it says nothing. */
export const DEFAULT_ROUTING: RoutingRules = RoutingRulesSchema.parse({});
