// Which taskers a bulk reroute moves: a rule over what the tasker list shows (current θ and SE per skill, last
// assessment). Pure: the job evaluates it on each listed tasker, and pushes what it can down into the list's filter.
import { inverseStandardNormal } from '@theta/irt';
import * as z from 'zod';
import type { TaskerListEntry, TaskerListFilter } from '../taskers/list-taskers';
import { SlugSchema as SkillSchema, SlugSchema as ErrorTagSchema } from '../bank/item-schema';
import type { QualitySignal } from '../remediation/remediation-rule';
import { errorTagVerdict, type RecentResponse } from '../remediation/error-tag-rate';


export const BulkRerouteRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('skill-below'),
    skill: SkillSchema,
    cut: z.number().min(-6).max(6).meta({ description: 'θ cut on the skill’s scale' }),
    certainty: z
      .number()
      .min(0.5)
      .max(0.999)
      .default(0.95)
      .meta({ description: 'how sure the tasker is below the cut: P(θ < cut) under N(θ̂, SE²) at least this (default 0.95)' }),
  }),
  z.strictObject({
    kind: z.literal('quality-below'),
    skill: SkillSchema,
    threshold: z.number().min(0).max(1).meta({ description: 'moves a tasker whose mean audit score over the last `lastN` quality signals on the skill is below this' }),
    lastN: z.int().min(1).max(50).default(5),
    minSignals: z.int().min(1).max(50).default(3).meta({ description: 'fewer signals than this: not moved' }),
  }),
  z.strictObject({
    kind: z.literal('error-tag-rate'),
    skill: SkillSchema,
    tag: ErrorTagSchema.meta({ description: 'the error tag (docs/error-tags.md) of the chosen options counted' }),
    above: z.number().min(0).max(1).meta({ description: 'moves a tasker whose share of the last `lastN` answers on the skill with this tag is above this' }),
    lastN: z.int().min(1).max(200).default(20),
    minResponses: z.int().min(1).max(200).default(5).meta({ description: 'fewer answers on the skill than this: not moved (at most lastN)' }),
  }),
  z.strictObject({
    kind: z.literal('not-assessed-since'),
    before: z.iso.datetime({ offset: true }).meta({ description: 'last placement or re-assessment before this instant (or none)' }),
  }),
]);
export type BulkRerouteRule = z.output<typeof BulkRerouteRuleSchema>;
/** the rules the tasker list alone decides (the others read each listed tasker's evidence by key) */
export type ListedRule = Exclude<BulkRerouteRule, { kind: 'quality-below' | 'error-tag-rate' }>;
export type QualityBelowBulkRule = Extract<BulkRerouteRule, { kind: 'quality-below' }>;
export type ErrorTagRateBulkRule = Extract<BulkRerouteRule, { kind: 'error-tag-rate' }>;

/** The list filter that narrows the read without changing the result (the rule still decides each tasker). */
export function ruleListFilter(rule: BulkRerouteRule, track: string): TaskerListFilter {
  if (rule.kind === 'skill-below') return { track, skill: rule.skill, maxTheta: rule.cut };
  return { track };
}

const fmt = (x: number) => x.toFixed(2);

/** Whether a quality-below rule moves a tasker given their quality signals on its skill, newest first; and why. */
export function qualityVerdict(rule: QualityBelowBulkRule, signals: readonly QualitySignal[]): { moves: boolean; why: string } {
  const recent = signals.filter((s) => s.skill === rule.skill).slice(0, rule.lastN);
  if (recent.length < rule.minSignals) return { moves: false, why: `${recent.length} of ${rule.minSignals} ${rule.skill} signals needed` };
  const mean = recent.reduce((sum, s) => sum + s.score, 0) / recent.length;
  const moves = mean < rule.threshold;
  return { moves, why: `mean ${rule.skill} audit score ${fmt(mean)} over the last ${recent.length} ${moves ? '<' : '≥'} ${fmt(rule.threshold)}` };
}

/** Whether an error-tag-rate rule moves a tasker given their newest answers on its skill; and why. */
export function errorTagRateVerdict(rule: ErrorTagRateBulkRule, responses: readonly RecentResponse[]): { moves: boolean; why: string } {
  const { over, why } = errorTagVerdict(rule, responses);
  return { moves: over, why };
}

/** Whether the rule moves this tasker, and why in words an ops person can check against the numbers. */
export function ruleVerdict(rule: ListedRule, tasker: TaskerListEntry): { moves: boolean; why: string } {
  if (rule.kind === 'not-assessed-since') {
    const last = tasker.lastAssessedAt;
    const moves = last === undefined || Date.parse(last) < Date.parse(rule.before);
    return { moves, why: last ? `last assessed ${last}${moves ? ', before' : ', not before'} ${rule.before}` : 'never assessed' };
  }
  const skill = tasker.skills.find((s) => s.skill === rule.skill);
  if (!skill) return { moves: false, why: `not measured on ${rule.skill}` };
  // one-sided: P(θ < cut) ≥ certainty ⇔ θ̂ + Φ⁻¹(certainty)·SE < cut
  const upper = skill.theta + inverseStandardNormal(rule.certainty) * skill.se;
  const moves = upper < rule.cut;
  return {
    moves,
    why: `${rule.skill} θ ${fmt(skill.theta)} ± ${fmt(skill.se)}: ${Number((rule.certainty * 100).toFixed(1))}% upper bound ${fmt(upper)} ${moves ? '<' : '≥'} cut ${fmt(rule.cut)}`,
  };
}
