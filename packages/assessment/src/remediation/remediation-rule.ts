// Automatic remediation rules (docs/remediation.md): data, versioned. A rule watches one kind of evidence and moves a
// tasker to a remedial track when it fires. Pure: what the rule says and whether it fires on given evidence.
import { inverseStandardNormal } from '@theta/irt';
import * as z from 'zod';
import { TrackNameSchema } from '../tracks/move-track';
import { SlugSchema as Slug } from '../bank/item-schema';
import { errorTagVerdict, type RecentResponse } from './error-tag-rate';

const QualityBelowSchema = z.strictObject({
  kind: z.literal('quality-below'),
  skill: Slug,
  threshold: z.number().min(0).max(1).meta({ description: 'fires when the mean audit score of the last `window` signals is below this' }),
  window: z.int().min(1).max(50).default(5),
  minSignals: z.int().min(1).max(50).default(3).meta({ description: 'signals needed before the rule may fire' }),
});

const ThetaBelowSchema = z.strictObject({
  kind: z.literal('theta-below'),
  skill: Slug,
  cut: z.number().min(-6).max(6).meta({ description: "θ cut on the skill's scale" }),
  certainty: z
    .number()
    .min(0.5)
    .max(0.999)
    .default(0.95)
    .meta({ description: 'fires when θ̂ + Φ⁻¹(certainty)·SE < cut: the upper confidence bound at this certainty is below the cut' }),
});

const ErrorTagRateSchema = z.strictObject({
  kind: z.literal('error-tag-rate'),
  skill: Slug,
  tag: Slug.meta({ description: 'the error tag (docs/error-tags.md) of the chosen options counted' }),
  above: z.number().min(0).max(1).meta({ description: 'fires when the share of the last `lastN` answers on the skill choosing an option with this tag is above this' }),
  lastN: z.int().min(1).max(200).default(20),
  minResponses: z.int().min(1).max(200).default(5).meta({ description: 'answers on the skill needed before the rule may fire (at most lastN)' }),
});

export const RemediationRuleBodySchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    enabled: z.boolean().default(true),
    when: z.discriminatedUnion('kind', [QualityBelowSchema, ThetaBelowSchema, ErrorTagRateSchema]),
    fromTracks: z.array(TrackNameSchema).min(1).max(20).optional().meta({ description: 'tracks it applies to (default: every track that is not remedial)' }),
    moveTo: TrackNameSchema,
    courseId: Slug.optional().meta({ description: 'the remedial course the tasker is enrolled in when moved (must exist when the rule is written)' }),
  })
  .superRefine((r, ctx) => {
    if (r.when.kind === 'quality-below' && r.when.minSignals > r.when.window) ctx.addIssue({ code: 'custom', path: ['when', 'minSignals'], message: 'must not exceed window' });
    if (r.when.kind === 'error-tag-rate' && r.when.minResponses > r.when.lastN) ctx.addIssue({ code: 'custom', path: ['when', 'minResponses'], message: 'must not exceed lastN' });
    if (r.fromTracks?.includes(r.moveTo)) ctx.addIssue({ code: 'custom', path: ['moveTo'], message: 'must not be one of fromTracks' });
  });
export type RemediationRuleBody = z.output<typeof RemediationRuleBodySchema>;

export interface RemediationRule extends RemediationRuleBody {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface QualitySignal {
  id: string;
  taskerId: string;
  skill: string;
  /** audit score of delivered work, 0 (unusable) .. 1 (perfect) */
  score: number;
  errorTag?: string;
  workId?: string;
  observedAt: string;
  receivedAt: string;
  source: string;
}

/** One skill's estimate after a proficiency update (a placement, a quiz). */
export interface ProficiencyEstimate {
  skill: string;
  theta: number;
  se: number;
}

export interface RuleVerdict {
  fires: boolean;
  why: string;
}

const fmt = (x: number) => x.toFixed(2);

/** Whether the rule may act on a tasker on `track` at all (enabled, not already there, a track it applies to). */
function appliesTo(rule: RemediationRule, track: string | undefined): RuleVerdict | undefined {
  if (!rule.enabled) return { fires: false, why: 'disabled' };
  if (track === rule.moveTo) return { fires: false, why: `already on ${rule.moveTo}` };
  const applies = rule.fromTracks ? track !== undefined && rule.fromTracks.includes(track) : !track?.startsWith('remedial:');
  if (!applies) return { fires: false, why: `not on a track it applies to (${track ?? 'none'})` };
  return undefined;
}

/** Whether a quality-below `rule` moves a tasker on `track` given their quality signals on its skill, newest first; and why. */
export function ruleFires(rule: RemediationRule, signals: readonly QualitySignal[], track: string | undefined): RuleVerdict {
  const blocked = appliesTo(rule, track);
  if (blocked) return blocked;
  if (rule.when.kind !== 'quality-below') return { fires: false, why: `a ${rule.when.kind} rule does not read quality signals` };
  const recent = signals.filter((s) => s.skill === rule.when.skill).slice(0, rule.when.window);
  if (recent.length < rule.when.minSignals) return { fires: false, why: `${recent.length} of ${rule.when.minSignals} signals needed` };
  const mean = recent.reduce((sum, s) => sum + s.score, 0) / recent.length;
  const fires = mean < rule.when.threshold;
  return { fires, why: `mean ${rule.when.skill} audit score ${fmt(mean)} over the last ${recent.length} ${fires ? '<' : '≥'} ${fmt(rule.when.threshold)}` };
}

/**
 * Whether a theta-below `rule` moves a tasker on `track` given their current estimate of its skill; and why.
 * One-sided, as the bulk reroute's skill-below: P(θ < cut) ≥ certainty under N(θ̂, SE²) ⇔ θ̂ + Φ⁻¹(certainty)·SE < cut.
 */
export function thetaRuleFires(rule: RemediationRule, estimate: ProficiencyEstimate | undefined, track: string | undefined): RuleVerdict {
  const blocked = appliesTo(rule, track);
  if (blocked) return blocked;
  if (rule.when.kind !== 'theta-below') return { fires: false, why: `a ${rule.when.kind} rule does not read proficiency` };
  if (!estimate) return { fires: false, why: `not measured on ${rule.when.skill}` };
  const upper = estimate.theta + inverseStandardNormal(rule.when.certainty) * estimate.se;
  const fires = upper < rule.when.cut;
  return {
    fires,
    why: `${rule.when.skill} θ ${fmt(estimate.theta)} ± ${fmt(estimate.se)}: ${Number((rule.when.certainty * 100).toFixed(1))}% upper bound ${fmt(upper)} ${fires ? '<' : '≥'} cut ${fmt(rule.when.cut)}`,
  };
}

/** Whether an error-tag-rate `rule` moves a tasker on `track` given their newest answers on its skill; and why. */
export function errorTagRuleFires(rule: RemediationRule, responses: readonly RecentResponse[], track: string | undefined): RuleVerdict {
  const blocked = appliesTo(rule, track);
  if (blocked) return blocked;
  if (rule.when.kind !== 'error-tag-rate') return { fires: false, why: `a ${rule.when.kind} rule does not read answers` };
  const { over, why } = errorTagVerdict(rule.when, responses);
  return { fires: over, why };
}
