// From per-skill estimates (θ, SE) to a track, by the rules in the blueprint's `routing` and `cuts`.
// Deterministic; every number it uses comes from the blueprint. docs/blueprints.md, "Routing", is the reference.

import { confidenceInterval, sideOfCut, Z_95 } from '@theta/irt';
import { UnprocessableError } from '../errors';
import type { Blueprint, BlueprintSkill, RetakePolicy } from '../blueprints/blueprint-schema';
import { count, listOf, plural } from '../text/plural';
import { taskerSummary } from './tasker-summary';

export type Track = `expert:${string}` | 'generalist' | `remedial:${string}` | 'not-qualified';
export type RoutingRule = 'expert' | 'generalist' | 'remedial' | 'not-qualified';
export type CutClass = 'above' | 'below' | 'uncertain';

export interface SkillEstimate {
  theta: number;
  se: number;
}

export interface SkillDecision {
  skill: string;
  kind: 'general' | 'domain';
  /** which cut routing compares this skill with: generalist (general skills) or expert (domain skills) */
  cutName: 'generalist' | 'expert';
  cut: number;
  theta: number;
  se: number;
  /** θ − z·SE and θ + z·SE with the blueprint's routing.z (Z_95 by default: the 95% interval, the result's ci95) */
  lower95: number;
  upper95: number;
  /** above: lower95 > cut; below: upper95 < cut; uncertain: the interval contains the cut (bounds included) */
  classification: CutClass;
  /** (θ − cut) / SE: how many standard errors above the cut */
  margin: number;
  /** general skills: passes the generalist rule; domain skills: qualifies for the expert track on its own */
  passes: boolean;
}

export interface TrackDecision {
  track: Track;
  rule: RoutingRule;
  /** technical, for ops: the rule, the cut, the estimate and how certain */
  reason: string;
  /** plain language, for the tasker: the track, what was close, the retake policy; no θ, SE or cuts */
  summary: string;
  blueprint: { id: string; version?: number };
  /** one entry per blueprint skill that was measured */
  decisions: Record<string, SkillDecision>;
}

/**
 * Where θ ± z·SE lies relative to the cut. Bounds equal to the cut count as uncertain. The same interval and side
 * test as the engine's CI stop and the result's ci95 (@theta/irt), so routing and stopping agree at every cut.
 */
export function classifyAgainstCut(theta: number, se: number, cut: number, z: number): { lower: number; upper: number; classification: CutClass } {
  const [lower, upper] = confidenceInterval(theta, se, z);
  const classification: CutClass = sideOfCut([lower, upper], cut) ?? 'uncertain';
  return { lower, upper, classification };
}

const f2 = (x: number): string => (Object.is(Math.round(x * 100) / 100, -0) ? 0 : x).toFixed(2);
/** the multiplier as written in a reason: Z_95 as 1.96, others to 3 significant digits (2, 2.58) */
const zText = (z: number): string => (z === Z_95 ? '1.96' : String(Number(z.toPrecision(3))));

function describe(d: SkillDecision, z: number): string {
  return (
    `${d.skill} θ = ${f2(d.theta)} (SE ${f2(d.se)}; θ ± ${zText(z)}·SE = [${f2(d.lower95)}, ${f2(d.upper95)}]) ` +
    `vs ${d.cutName} cut ${f2(d.cut)}: ${d.classification}`
  );
}

function retakeText(retake: RetakePolicy): string {
  if (retake.maxAttempts <= 1) return 'Retake policy: 1 attempt in total, no retake.';
  const when = retake.cooldownHours === 0 ? 'may start at any time' : `may start ${count(retake.cooldownHours, 'hour')} after this one`;
  return `Retake policy: a new attempt ${when}, at most ${count(retake.maxAttempts, 'attempt')} in total.`;
}

/** Larger margin first; ties broken by blueprint order. */
function byMarginDesc(order: Map<string, number>) {
  return (x: SkillDecision, y: SkillDecision) => y.margin - x.margin || (order.get(x.skill) ?? 0) - (order.get(y.skill) ?? 0);
}

/**
 * Route a tasker. `perSkill` holds the final estimates of the skills measured in the placement; every general
 * skill of the blueprint must be there (UnprocessableError `missing_skill_estimate` otherwise); a domain skill
 * that is absent was not measured (domain not declared) and cannot open its expert track. Estimates of skills
 * that are not in the blueprint are ignored.
 *
 * Rules, in order (the first that holds decides):
 * 1. expert:<domain> — a domain skill is `above` its expert cut and the general skills meet
 *    routing.expert.generalRequirement; with several, the largest (θ − cut)/SE wins (ties: blueprint order).
 * 2. generalist — every general skill passes (above, or uncertain under routing.generalist.uncertain).
 * 3. remedial:<skill> — 1..routing.remedial.maxFailingSkills general skills fail; the weakest (smallest
 *    (θ − cut)/SE; ties: blueprint order) names the track.
 * 4. not-qualified — otherwise; the reason states the retake policy.
 */
export function decideTrack(blueprint: Blueprint, perSkill: Readonly<Record<string, SkillEstimate>>): TrackDecision {
  const { z } = blueprint.routing;
  const order = new Map(blueprint.skills.map((s, i) => [s.skill, i]));
  const decisions: Record<string, SkillDecision> = {};
  const general: SkillDecision[] = [];
  const domain: { decision: SkillDecision; skill: BlueprintSkill }[] = [];
  const notMeasured: string[] = [];

  for (const skill of blueprint.skills) {
    const est = Object.hasOwn(perSkill, skill.skill) ? perSkill[skill.skill] : undefined;
    if (!est) {
      if (skill.kind === 'general')
        throw new UnprocessableError('missing_skill_estimate', `no estimate for general skill "${skill.skill}"`, { skill: skill.skill });
      notMeasured.push(skill.skill);
      continue;
    }
    if (!Number.isFinite(est.theta) || !Number.isFinite(est.se) || est.se <= 0)
      throw new UnprocessableError('invalid_skill_estimate', `the estimate of "${skill.skill}" needs a finite θ and a finite SE > 0`, {
        skill: skill.skill,
      });
    const cutName = skill.kind === 'general' ? 'generalist' : 'expert';
    const cut = blueprint.cuts[skill.skill]?.[cutName];
    if (cut === undefined)
      throw new UnprocessableError('missing_cut', `blueprint has no ${cutName} cut for "${skill.skill}"`, { skill: skill.skill });
    const { lower, upper, classification } = classifyAgainstCut(est.theta, est.se, cut, z);
    const uncertainPolicy = blueprint.routing.generalist.uncertain;
    const passes =
      classification === 'above' ||
      (skill.kind === 'general' &&
        classification === 'uncertain' &&
        (uncertainPolicy === 'pass' || (uncertainPolicy === 'theta-at-or-above-cut' && est.theta >= cut)));
    const d: SkillDecision = {
      skill: skill.skill,
      kind: skill.kind,
      cutName,
      cut,
      theta: est.theta,
      se: est.se,
      lower95: lower,
      upper95: upper,
      classification,
      margin: (est.theta - cut) / est.se,
      passes,
    };
    decisions[skill.skill] = d;
    if (skill.kind === 'general') general.push(d);
    else domain.push({ decision: d, skill });
  }

  const ref = { id: blueprint.id, ...(blueprint.version === undefined ? {} : { version: blueprint.version }) };
  const finish = (track: Track, rule: RoutingRule, reason: string): TrackDecision => ({
    track,
    rule,
    reason,
    summary: taskerSummary(blueprint, track, Object.values(decisions)),
    blueprint: ref,
    decisions,
  });
  const failing = general.filter((d) => !d.passes);
  const below = general.filter((d) => d.classification === 'below');
  const generalOk = blueprint.routing.expert.generalRequirement === 'pass' ? failing.length === 0 : below.length === 0;
  const qualified = domain.filter((x) => x.decision.passes).sort((x, y) => byMarginDesc(order)(x.decision, y.decision));
  const domainNote = (): string => {
    const parts = domain.map((x) => describe(x.decision, z));
    if (notMeasured.length > 0) parts.push(`not measured: ${notMeasured.join(', ')}`);
    return parts.length > 0 ? ` Domain skills: ${parts.join('; ')}.` : '';
  };

  // 1. expert
  const best = qualified[0];
  if (best && generalOk) {
    const domainName = best.skill.domain ?? best.skill.skill;
    const others = qualified.slice(1);
    const req =
      blueprint.routing.expert.generalRequirement === 'pass'
        ? 'every general skill passes its generalist cut'
        : 'no general skill is below its generalist cut';
    let reason =
      `Rule "expert": ${describe(best.decision, z)} — the interval lies entirely above the expert cut ` +
      `(${f2(best.decision.margin)} SE above), and ${req}.`;
    if (others.length > 0)
      reason +=
        ` Also above ${plural(others.length, 'its expert cut', 'their expert cuts')}: ${others.map((o) => `${o.skill.domain ?? o.skill.skill} (${f2(o.decision.margin)} SE above)`).join(', ')};` +
        ` ${domainName} has the largest (θ − cut)/SE.`;
    return finish(`expert:${domainName}`, 'expert', reason);
  }
  let expertNote = '';
  if (best && !generalOk) {
    const pass = blueprint.routing.expert.generalRequirement === 'pass';
    const blocking = pass ? failing : below;
    const names = listOf(blocking.map((b) => b.skill));
    const verb = pass ? (blocking.length === 1 ? 'fails' : 'fail') : blocking.length === 1 ? 'is below' : 'are below';
    expertNote =
      ` ${listOf(qualified.map((q) => q.skill.domain ?? q.skill.skill))} qualified above ${plural(qualified.length, 'its expert cut', 'their expert cuts')}, but the expert track needs ` +
      `${pass ? 'every general skill to pass' : 'no general skill below its generalist cut'}, and ${names} ${verb}.`;
  }

  // 2. generalist
  if (failing.length === 0) {
    const reason =
      `Rule "generalist": every general skill passes its generalist cut — ${general.map((d) => describe(d, z)).join('; ')}.` +
      uncertainNote(general, blueprint) +
      expertNote +
      domainNote();
    return finish('generalist', 'generalist', reason);
  }

  // 3. remedial
  const maxFailing = blueprint.routing.remedial.maxFailingSkills;
  if (failing.length <= maxFailing) {
    const weakest = [...failing].sort((x, y) => byMarginDesc(order)(y, x))[0] as SkillDecision;
    const others = general.filter((d) => d.passes);
    const reason =
      `Rule "remedial": ${failing.length === 1 ? 'exactly one general skill fails its generalist cut' : `${failing.length} general skills fail their generalist cuts (at most ${maxFailing} allowed for remedial)`}` +
      ` — ${failing.map((d) => describe(d, z)).join('; ')}` +
      `${failing.length > 1 ? `; the weakest is ${weakest.skill}` : ''}.` +
      (others.length > 0 ? ` Passing: ${others.map((d) => describe(d, z)).join('; ')}.` : '') +
      uncertainNote(failing, blueprint) +
      expertNote +
      domainNote();
    return finish(`remedial:${weakest.skill}`, 'remedial', reason);
  }

  // 4. not qualified
  const reason =
    `Rule "not-qualified": ${failing.length} general skill${failing.length === 1 ? ' fails its generalist cut' : 's fail their generalist cuts'}` +
    ` (${maxFailing === 0 ? 'remedial is turned off' : `remedial takes at most ${count(maxFailing, 'failing skill')}`}) — ` +
    `${failing.map((d) => describe(d, z)).join('; ')}.` +
    uncertainNote(failing, blueprint) +
    expertNote +
    domainNote() +
    ` ${retakeText(blueprint.retake)}`;
  return finish('not-qualified', 'not-qualified', reason);
}

/** Explain how uncertain general skills were counted, when there are any. */
function uncertainNote(list: SkillDecision[], blueprint: Blueprint): string {
  if (!list.some((d) => d.classification === 'uncertain')) return '';
  const policy = blueprint.routing.generalist.uncertain;
  const text =
    policy === 'pass'
      ? 'an uncertain skill (interval contains the cut) passes'
      : policy === 'fail'
        ? 'an uncertain skill (interval contains the cut) fails'
        : 'an uncertain skill (interval contains the cut) passes iff θ ≥ cut';
  return ` (Policy: ${text}.)`;
}
