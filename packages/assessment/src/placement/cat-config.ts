import { zForConfidence, type CatConfig, type ClassificationConfig, type SelectionConfig, type ExposureConfig, type SkillStoppingRules } from '@theta/irt';
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';
import type { BankSnapshot } from '../blueprints/snapshot';
import type { TaskerProfile } from './types';

/** Which of the blueprint's skills this tasker is tested on: every general skill, and the declared domains. */
export function skillsToMeasure(blueprint: PublishedBlueprint, profile: TaskerProfile): string[] {
  const declared = new Set(profile.declaredDomains);
  return blueprint.skills
    .filter((s) => s.kind === 'general' || blueprint.includeDomainsFrom === 'all' || declared.has(s.domain ?? s.skill))
    .map((s) => s.skill);
}

function selectionOf(blueprint: PublishedBlueprint): SelectionConfig {
  const s = blueprint.cat.selection;
  switch (s.method) {
    case 'MFI':
      return { method: 'MFI' };
    case 'KL':
      return { method: 'KLP' };
    case 'a-stratified':
      return { method: 'a-stratified' };
    case 'randomesque':
      return { method: 'MFI', randomesque: s.randomesqueK ?? 3 };
    case 'CMI':
      return { method: 'CMI' };
  }
}

function exposureOf(blueprint: PublishedBlueprint): ExposureConfig {
  const e = blueprint.cat.exposure;
  switch (e.method) {
    case 'none':
      return { method: 'none' };
    case 'progressive':
      return e.maxRate === undefined ? { method: 'progressive' } : { method: 'progressive', maxRate: e.maxRate };
    case 'restricted':
      return { method: 'restricted', maxRate: e.maxRate ?? 0.25 };
  }
}

/** The cut that decides a skill's routing: the expert cut for domain skills, the generalist cut for general ones. */
export function routingCutsOf(blueprint: PublishedBlueprint, skill: string): number[] {
  const cuts = blueprint.cuts[skill];
  const kind = blueprint.skills.find((s) => s.skill === skill)?.kind;
  const cut = kind === 'domain' ? (cuts?.expert ?? cuts?.generalist) : (cuts?.generalist ?? cuts?.expert);
  return cut === undefined ? [] : [cut];
}

function classificationOf(blueprint: PublishedBlueprint, cuts: number[]): ClassificationConfig | undefined {
  const c = blueprint.cat.stopping.classification;
  if (!c || c.method === 'none' || cuts.length === 0) return undefined;
  if (c.method === 'posterior')
    return { method: 'posterior', cuts, ...(c.confidence === undefined ? {} : { confidence: c.confidence }), ...(c.itemCost === undefined ? {} : { itemCost: c.itemCost }) };
  if (c.method === 'sprt') {
    return {
      method: 'sprt',
      cuts,
      ...(c.alpha === undefined ? {} : { alpha: c.alpha }),
      ...(c.beta === undefined ? {} : { beta: c.beta }),
      ...(c.indifference === undefined ? {} : { delta: c.indifference }),
    };
  }
  // two-sided confidence → z (0.95 → Z_95, exactly the routing default), the routing z when absent
  const z = c.confidence === undefined ? blueprint.routing.z : zForConfidence(c.confidence);
  return { method: 'ci', cuts, z };
}

// The engine caches its validated form per config object: hand it the same object for the same
// (blueprint version, skills) so a request never re-validates or re-fingerprints the config.
const configs = new WeakMap<PublishedBlueprint, Map<string, CatConfig>>();

/** Translates a published blueprint into the IRT engine's CAT config for one tasker's skills (memoized). */
export function catConfigFor(blueprint: PublishedBlueprint, snapshot: BankSnapshot, skills: string[]): CatConfig {
  let bySkills = configs.get(blueprint);
  if (!bySkills) configs.set(blueprint, (bySkills = new Map()));
  const key = `${snapshot.snapshotVersion}|${skills.join(',')}`;
  let config = bySkills.get(key);
  if (!config) bySkills.set(key, (config = buildCatConfig(blueprint, snapshot, skills)));
  return config;
}

function buildCatConfig(blueprint: PublishedBlueprint, snapshot: BankSnapshot, skills: string[]): CatConfig {
  const stopping = blueprint.cat.stopping;
  const perSkill: Record<string, SkillStoppingRules> = {};
  for (const skill of skills) {
    const classification = classificationOf(blueprint, routingCutsOf(blueprint, skill));
    perSkill[skill] = {
      ...(stopping.seThreshold === undefined ? {} : { seThreshold: stopping.seThreshold }),
      ...(stopping.minInformation === undefined ? {} : { minInformation: stopping.minInformation }),
      ...(classification ? { classification } : {}),
    };
  }
  const measured = blueprint.skills.filter((s) => skills.includes(s.skill));
  const maxItems = Math.min(stopping.maxItems, measured.reduce((sum, s) => sum + s.maxItems, 0));
  return {
    version: `${blueprint.id}@${blueprint.version}:${skills.join(',')}`,
    skills,
    estimator: { method: blueprint.cat.estimator.method, prior: blueprint.cat.estimator.prior },
    selection: selectionOf(blueprint),
    exposure: exposureOf(blueprint),
    blueprint: {
      constraints: [
        ...measured.map((s) => ({
          skill: s.skill,
          min: s.minItems,
          max: s.maxItems,
          ...(s.targetShare === undefined ? {} : { target: s.targetShare }),
        })),
        // content constraints hold in every placement (publish checked that the skills every tasker takes can meet them)
        ...(blueprint.content ?? []).map((c) => ({
          tag: c.tag,
          ...(c.minItems === undefined ? {} : { min: c.minItems }),
          ...(c.maxItems === undefined ? {} : { max: c.maxItems }),
          ...(c.targetShare === undefined ? {} : { target: c.targetShare }),
        })),
      ],
    },
    enemies: snapshot.enemies,
    stopping: {
      maxItems,
      minItems: Math.min(stopping.minItems, maxItems),
      perSkill: true,
      skills: perSkill,
    },
  };
}
