// Validate a blueprint: the shape (zod) and the rules between fields, every problem reported with a path.

import * as z from 'zod';
import { field, formatPath, isRecord, issuesOf, parseReadable, type Issue, type PathSegment } from '../bank/issues';
import {
  BlueprintSchema,
  BlueprintSkillSchema,
  ClassificationSettingsSchema,
  ContentConstraintSchema,
  CutsSchema,
  ExposureSettingsSchema,
  SelectionSettingsSchema,
  type Blueprint,
  type BlueprintSkill,
} from './blueprint-schema';
import { withRemedialDefault } from './remedial-default';

export interface BlueprintError {
  /** e.g. `skills[2].minItems`, `cuts.coding.expert`; '' for the document itself */
  path: string;
  message: string;
}

export type BlueprintResult = { ok: true; blueprint: Blueprint } | { ok: false; errors: BlueprintError[] };

/** Tolerance when summing target shares (floating point). */
const SHARE_SUM_TOLERANCE = 1e-9;

const CountField = z.int().min(0);

/** The cross-field rules; each runs when the fields it reads are well-formed. Paths from the blueprint root. */
export function blueprintRuleIssues(raw: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (path: PathSegment[], message: string) => issues.push({ path, message });

  // skills, one entry at a time, so one bad entry does not hide the rules of the others
  const rawSkills = field(raw, ['skills'], z.array(z.unknown()));
  const skills: { entry: BlueprintSkill; index: number }[] = [];
  rawSkills?.forEach((entry, index) => {
    const r = BlueprintSkillSchema.safeParse(entry);
    if (r.success) skills.push({ entry: r.data, index });
  });
  // set-wide rules need the whole list (an empty list is reported by the shape)
  const skillsAllValid = rawSkills !== undefined && rawSkills.length > 0 && skills.length === rawSkills.length;

  const firstSkill = new Map<string, number>();
  const firstDomain = new Map<string, number>();
  for (const { entry, index } of skills) {
    const seen = firstSkill.get(entry.skill);
    if (seen !== undefined) add(['skills', index, 'skill'], `duplicate skill "${entry.skill}" (also at skills[${seen}])`);
    else firstSkill.set(entry.skill, index);

    if (entry.kind === 'domain') {
      if (entry.domain === undefined)
        add(['skills', index, 'domain'], `is required for a domain skill: the expert track it opens (e.g. "coding" → expert:coding)`);
      else {
        const other = firstDomain.get(entry.domain);
        if (other !== undefined)
          add(['skills', index, 'domain'], `domain "${entry.domain}" is already measured by skills[${other}]; one skill per domain`);
        else firstDomain.set(entry.domain, index);
      }
    } else if (entry.domain !== undefined) add(['skills', index, 'domain'], 'only domain skills have a domain');

    if (entry.minItems > entry.maxItems)
      add(['skills', index, 'minItems'], `must be ≤ maxItems (${entry.maxItems}); got ${entry.minItems}`);
    entry.itemTags?.forEach((tag, k) => {
      if (entry.itemTags?.indexOf(tag) !== k) add(['skills', index, 'itemTags', k], `duplicate tag "${tag}"`);
    });
  }
  if (skillsAllValid) {
    if (!skills.some((s) => s.entry.kind === 'general'))
      add(['skills'], 'needs at least one general skill: every track decision starts from the general skills');
    const shares = skills.reduce((sum, s) => sum + (s.entry.targetShare ?? 0), 0);
    if (shares > 1 + SHARE_SUM_TOLERANCE)
      add(['skills'], `the targetShare values add up to ${Number(shares.toFixed(6))}, more than 1`);
  }

  // test length vs skill item counts
  const stopMin = field(raw, ['cat', 'stopping', 'minItems'], CountField);
  const stopMax = field(raw, ['cat', 'stopping', 'maxItems'], CountField);
  const minAboveMax = stopMin !== undefined && stopMax !== undefined && stopMin > stopMax;
  if (minAboveMax) add(['cat', 'stopping', 'minItems'], `must be ≤ cat.stopping.maxItems (${stopMax}); got ${stopMin}`);
  if (skillsAllValid) {
    const sumMin = skills.reduce((sum, s) => sum + s.entry.minItems, 0);
    if (stopMax !== undefined && sumMin > stopMax)
      add(['cat', 'stopping', 'maxItems'], `is ${stopMax}, less than the sum of the skills' minItems (${sumMin}): the test could not meet every minimum`);
    // every tasker takes the general skills; domain skills only when declared (unless includeDomainsFrom is 'all')
    const allDomains = at(raw, 'includeDomainsFrom') === 'all';
    const guaranteed = skills.filter((s) => allDomains || s.entry.kind === 'general');
    const sumMax = guaranteed.reduce((sum, s) => sum + s.entry.maxItems, 0);
    if (stopMin !== undefined && !minAboveMax && guaranteed.length > 0 && stopMin > sumMax)
      add(
        ['cat', 'stopping', 'minItems'],
        `is ${stopMin}, more than the ${allDomains ? '' : 'general '}skills' maxItems allow together (${sumMax}): a tasker ${allDomains ? '' : 'without declared domains '}could not reach it`,
      );
  }

  contentRuleIssues(raw, stopMax, add);

  // pilot items sit at positions 2..minItems + k − 1, which every placement reaches (docs/blueprints.md, "Pilot items")
  const pilotItems = field(raw, ['pilot', 'items'], CountField);
  if (pilotItems !== undefined && stopMin !== undefined && stopMin < 2)
    add(['pilot'], `needs cat.stopping.minItems ≥ 2 (got ${stopMin}): pilot items are seeded among the first minItems positions, never the first`);

  // selection
  const selection = field(raw, ['cat', 'selection'], SelectionSettingsSchema);
  if (selection) {
    if (selection.method === 'randomesque' && selection.randomesqueK === undefined)
      add(['cat', 'selection', 'randomesqueK'], 'is required for method "randomesque" (pick among the K best items)');
    if (selection.method !== 'randomesque' && selection.randomesqueK !== undefined)
      add(['cat', 'selection', 'randomesqueK'], `is only for method "randomesque" (method is "${selection.method}")`);
  }

  // exposure
  const exposure = field(raw, ['cat', 'exposure'], ExposureSettingsSchema);
  if (exposure) {
    if (exposure.method === 'restricted' && exposure.maxRate === undefined)
      add(['cat', 'exposure', 'maxRate'], `is required for method "${exposure.method}" (the target maximum exposure rate)`);
    if (exposure.method === 'none' && exposure.maxRate !== undefined)
      add(['cat', 'exposure', 'maxRate'], 'has no effect with method "none"; remove it or choose an exposure method');
  }

  // classification parameters belong to their method
  const classification = field(raw, ['cat', 'stopping', 'classification'], ClassificationSettingsSchema);
  if (classification) {
    const path = ['cat', 'stopping', 'classification'];
    if (classification.method === 'ci')
      for (const k of ['alpha', 'beta', 'indifference'] as const)
        if (classification[k] !== undefined) add([...path, k], `is a parameter of method "sprt"; method "ci" uses "confidence"`);
    if (classification.method === 'sprt' && classification.confidence !== undefined)
      add([...path, 'confidence'], `is a parameter of methods "ci" and "posterior"; method "sprt" uses "alpha", "beta" and "indifference"`);
    if (classification.method === 'posterior')
      for (const k of ['alpha', 'beta', 'indifference'] as const)
        if (classification[k] !== undefined) add([...path, k], `is a parameter of method "sprt"; method "posterior" uses "confidence" and "itemCost"`);
    if (classification.method !== 'posterior' && classification.itemCost !== undefined)
      add([...path, 'itemCost'], `is a parameter of method "posterior" (method is "${classification.method}")`);
    if (classification.method === 'none')
      for (const k of ['alpha', 'beta', 'indifference', 'confidence'] as const)
        if (classification[k] !== undefined) add([...path, k], 'has no effect with method "none" (no classification stop)');
  }

  // cuts: name listed skills; each skill has the cut its routing uses; generalist < expert
  const rawCuts = at(raw, 'cuts');
  if (isRecord(rawCuts)) {
    const kindOf = new Map(skills.map((s) => [s.entry.skill, s.entry.kind]));
    for (const [skill, cutsRaw] of Object.entries(rawCuts)) {
      if (skillsAllValid && !kindOf.has(skill))
        add(['cuts', skill], `names skill "${skill}", which is not in skills`);
      const cuts = CutsSchema.safeParse(cutsRaw);
      if (cuts.success && cuts.data.generalist !== undefined && cuts.data.expert !== undefined && cuts.data.generalist >= cuts.data.expert)
        add(['cuts', skill, 'expert'], `must be greater than the generalist cut (${cuts.data.generalist}); got ${cuts.data.expert}`);
    }
    for (const { entry } of skills) {
      const cutsRaw = rawCuts[entry.skill];
      const has = (k: string) => isRecord(cutsRaw) && cutsRaw[k] !== undefined;
      if (entry.kind === 'general' && !has('generalist'))
        add(['cuts', entry.skill, 'generalist'], `is required: general skill "${entry.skill}" needs a generalist cut for routing`);
      if (entry.kind === 'domain' && !has('expert'))
        add(['cuts', entry.skill, 'expert'], `is required: domain skill "${entry.skill}" needs an expert cut for routing`);
    }
  }
  return issues;
}

/** Content (tag) constraints: one per tag, each constraining something, min ≤ max ≤ what the test can hold. */
function contentRuleIssues(raw: unknown, stopMax: number | undefined, add: (path: PathSegment[], message: string) => void): void {
  const firstTag = new Map<string, number>();
  field(raw, ['content'], z.array(z.unknown()))?.forEach((entry, index) => {
    const r = ContentConstraintSchema.safeParse(entry);
    if (!r.success) return;
    const c = r.data;
    const seen = firstTag.get(c.tag);
    if (seen !== undefined) add(['content', index, 'tag'], `duplicate constraint for tag "${c.tag}" (also at content[${seen}])`);
    else firstTag.set(c.tag, index);
    if (c.minItems === undefined && c.maxItems === undefined && c.targetShare === undefined)
      add(['content', index], 'constrains nothing: give minItems, maxItems or targetShare');
    if (c.minItems !== undefined && c.maxItems !== undefined && c.minItems > c.maxItems)
      add(['content', index, 'minItems'], `must be ≤ maxItems (${c.maxItems}); got ${c.minItems}`);
    if (c.minItems !== undefined && stopMax !== undefined && c.minItems > stopMax)
      add(['content', index, 'minItems'], `is ${c.minItems}, more than the whole test may hold (cat.stopping.maxItems ${stopMax})`);
    if (c.maxItems === 0 && c.targetShare !== undefined)
      add(['content', index, 'targetShare'], 'contradicts maxItems 0 (no item with this tag may be given)');
  });
}

function at(raw: unknown, key: string): unknown {
  return isRecord(raw) ? raw[key] : undefined;
}

/** Validate a blueprint document; every problem is reported. Defaults are filled in the result. */
export function validateBlueprint(input: unknown): BlueprintResult {
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a blueprint must be a JSON object' }] };
  const shape = parseReadable(BlueprintSchema, input);
  const issues = [...(shape.success ? [] : issuesOf(shape.error)), ...blueprintRuleIssues(input)];
  if (!shape.success || issues.length > 0)
    return { ok: false, errors: issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, blueprint: withRemedialDefault(shape.data, input) };
}
