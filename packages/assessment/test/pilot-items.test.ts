// Pilot items in live placements: validation, what the snapshot keeps, the plan (seeded, never first, always
// reached), and the invariance that matters — the same scored responses with and without pilot items give the same
// θ, SE, track and stop, through the API's own steps (simulatePlacement runs firstStep/answerStep and the pilot plan).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBank, createRng, hashString } from '@theta/irt';
import { splitItem, validateItemBatch } from '../src/bank';
import { compileSnapshot, snapshotItems, validateBlueprint, type BlueprintError, type SnapshotSourceItem } from '../src/blueprints';
import type { PublishedBank } from '../src/catalog/published-bank';
import { catConfigFor, skillsToMeasure } from '../src/placement/cat-config';
import { answeredSequence, planPilot } from '../src/placement/pilot';
import type { TaskerProfile } from '../src/placement/types';
import { simulatePlacement } from '../src/placement/simulate-placement';
import { publishedBlueprint, threeSkillBlueprint, type Json } from './fixtures/blueprints';

const root = join(__dirname, '../../..');
const readJson = (path: string): Json => JSON.parse(readFileSync(join(root, path), 'utf8')) as Json;
const batch = (() => {
  const r = validateItemBatch(readJson('packages/local/seed/items.json'));
  if (!r.ok) throw new Error('seed bank invalid');
  return r.batch;
})();
const source: SnapshotSourceItem[] = batch.items.map((i) => ({ ...splitItem(i).params, skill: i.skill, status: i.status, version: 1 }));
const pilotIds = new Set(batch.items.filter((i) => i.status === 'pilot').map((i) => i.id));

function bankOf(pilot: Json | undefined): PublishedBank {
  const blueprint = publishedBlueprint({ ...readJson('packages/local/seed/blueprints/general-placement.json'), ...(pilot ? { pilot } : {}) });
  const snapshot = compileSnapshot(blueprint, source, batch.enemies);
  const itemVersions = new Map([...snapshot.items.ids, ...(snapshot.pilot?.ids ?? [])].map((id) => [id, 1]));
  return { blueprint, snapshot, compiled: compileBank(snapshotItems(snapshot)), itemVersions };
}

function errorsOf(input: unknown): BlueprintError[] {
  const r = validateBlueprint(input);
  if (r.ok) throw new Error('expected the blueprint to be rejected');
  return r.errors;
}

describe('blueprint pilot settings', () => {
  test('accepted and kept; absent by default', () => {
    expect(publishedBlueprint({ ...threeSkillBlueprint(), pilot: { items: 2, minResponses: 300 } }).pilot).toEqual({ items: 2, minResponses: 300 });
    expect('pilot' in publishedBlueprint(threeSkillBlueprint())).toBe(false);
  });

  test.each([
    { pilot: { items: 0, minResponses: 10 }, path: 'pilot.items', message: /≥ 1/ },
    { pilot: { items: 11, minResponses: 10 }, path: 'pilot.items', message: /≤ 10/ },
    { pilot: { items: 1.5, minResponses: 10 }, path: 'pilot.items', message: /integer/ },
    { pilot: { items: 1 }, path: 'pilot.minResponses', message: /is required/ },
    { pilot: { items: 1, minResponses: 10, share: 1 }, path: 'pilot.share', message: /unknown field/ },
  ])('$path: $message', ({ pilot, path, message }) => {
    const errors = errorsOf({ ...threeSkillBlueprint(), pilot });
    expect(errors.find((e) => e.path === path)?.message).toMatch(message);
  });

  test('needs cat.stopping.minItems ≥ 2 (pilot positions must be reached)', () => {
    const input = threeSkillBlueprint();
    (input.cat as { stopping: Json }).stopping.minItems = 1;
    const errors = errorsOf({ ...input, pilot: { items: 1, minResponses: 10 } });
    expect(errors).toEqual([expect.objectContaining({ path: 'pilot', message: expect.stringMatching(/minItems ≥ 2 \(got 1\)/) })]);
  });
});

describe('the snapshot keeps pilot items without parameters', () => {
  const withPilot = bankOf({ items: 3, minResponses: 200 });
  const without = bankOf(undefined);

  test('ids, skills and versions of the pilot items of the blueprint skills; none in the CAT bank', () => {
    expect(withPilot.snapshot.pilot).toEqual({ ids: [...pilotIds].sort(), skill: expect.any(Array), versions: [...pilotIds].map(() => 1) });
    expect(Object.keys(withPilot.snapshot.pilot ?? {}).sort()).toEqual(['ids', 'skill', 'versions']);
    for (const id of pilotIds) expect(withPilot.compiled.indexOf.has(id)).toBe(false);
    expect(withPilot.snapshot.items).toEqual(without.snapshot.items);
  });

  test('a blueprint without pilot settings has no pilot field (its snapshot is what it was before)', () => {
    expect('pilot' in without.snapshot).toBe(false);
  });
});

describe('planPilot', () => {
  const bank = bankOf({ items: 3, minResponses: 200 });
  const expert = { declaredDomains: ['coding', 'math'], educationLevel: 'doctorate' as const };
  const configOf = (profile: TaskerProfile = expert) => catConfigFor(bank.blueprint, bank.snapshot, skillsToMeasure(bank.blueprint, profile));

  test('seeded by placement: the same id gives the same plan, positions in 2..minItems + k − 1, ascending, distinct', () => {
    const config = configOf();
    const minItems = config.stopping.minItems as number;
    const plans = Array.from({ length: 200 }, (_, k) => planPilot(bank, config, `pl-${k}`, []));
    expect(planPilot(bank, config, 'pl-7', [])).toEqual(plans[7]);
    const positions = new Set<number>();
    for (const plan of plans) {
      expect(plan?.items).toHaveLength(3);
      const ps = plan!.items.map((i) => i.position);
      expect(ps).toEqual([...new Set(ps)].sort((x, y) => x - y));
      for (const p of ps) {
        expect(p).toBeGreaterThanOrEqual(2);
        expect(p).toBeLessThanOrEqual(minItems + 3 - 1);
        positions.add(p);
      }
      for (const i of plan!.items) expect(pilotIds.has(i.itemId)).toBe(true);
    }
    expect(positions.size).toBe(minItems + 3 - 2); // every allowed position is used by some placement
    expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBeGreaterThan(150);
  });

  test("only the tasker's skills, never an item they have seen", () => {
    const generalist = { declaredDomains: [], educationLevel: 'bachelor' as const };
    const generalItems = ['demo-if-025', 'demo-fv-024', 'demo-rg-022', 'demo-wq-022', 'demo-sp-023'];
    for (let k = 0; k < 50; k++) {
      const plan = planPilot(bank, configOf(generalist), `g-${k}`, ['demo-if-025', 'demo-sp-023']);
      for (const i of plan!.items) expect(generalItems.filter((id) => id !== 'demo-if-025' && id !== 'demo-sp-023')).toContain(i.itemId);
    }
  });

  test('no plan without pilot settings or without eligible items', () => {
    const config = configOf();
    expect(planPilot(bankOf(undefined), config, 'pl-1', [])).toBeUndefined();
    expect(planPilot(bank, config, 'pl-1', [...pilotIds])).toBeUndefined();
    expect(planPilot(bank, config, 'pl-1', [...pilotIds].slice(1))?.items).toHaveLength(1);
  });
});

describe('pilot items never change θ, SE, track or stop (through the API steps)', () => {
  const withPilot = bankOf({ items: 3, minResponses: 200 });
  const without = bankOf(undefined);
  const profiles = [
    { declaredDomains: [], educationLevel: 'bachelor' as const },
    { declaredDomains: ['coding', 'math'], educationLevel: 'doctorate' as const },
  ];

  /** a simulee of ability θ: scored items answered from the 2PL/3PL probability, seeded per (simulee, item) */
  function responder(theta: number, simulee: string): (itemId: string) => number {
    const params = new Map(source.map((i) => [i.id, i]));
    return (itemId) => {
      const u = createRng(hashString(`${simulee}:${itemId}`))();
      const item = params.get(itemId)!;
      if ('thresholds' in item) return u < 0.5 ? 0 : 1;
      const p = (item.c ?? 0) + (1 - (item.c ?? 0)) / (1 + Math.exp(-1.7 * item.a * (theta - item.b)));
      return u < p ? 1 : 0;
    };
  }

  test('120 placements: identical scored items, estimates, track and stop; pilots shown unscored at their positions', () => {
    let pilotsShown = 0;
    for (let k = 0; k < 120; k++) {
      const profile = profiles[k % 2]!;
      const theta = -2 + (4 * k) / 119;
      const respond = responder(theta, `s-${k}`);
      const placementId = `pl-${k}`;
      const a = simulatePlacement(without, { placementId, profile, respond });
      const b = simulatePlacement(withPilot, { placementId, profile, respond });

      expect(b.items).toEqual(a.items);
      expect(b.scores).toEqual(a.scores);
      expect(b.result.skills).toEqual(a.result.skills); // θ, SE, ci95, items per skill, stop reason
      expect(b.result.track).toBe(a.result.track);
      expect(b.result.trackReason).toBe(a.result.trackReason);
      expect(b.result.stopReason).toBe(a.result.stopReason);
      expect(b.result.itemsUsed).toBe(a.result.itemsUsed);

      // the pilots: every planned one shown (none first), unscored: counts of scored items exclude them
      const plan = b.pilot!;
      expect(plan.scores).toHaveLength(plan.items.length);
      expect(plan.items.length).toBeGreaterThan(0);
      for (const { itemId, position } of plan.items) {
        expect(position).toBeGreaterThan(1);
        expect(b.shown[position - 1]).toBe(itemId);
        expect(b.items).not.toContain(itemId);
      }
      expect(b.shown).toHaveLength(b.items.length + plan.items.length);
      expect(b.result.itemsUsed).toBe(b.items.length);
      expect(Object.values(b.result.skills).reduce((n, s) => n + s.items, 0)).toBe(b.items.length);
      expect(answeredSequence({ cat: { items: b.items }, pilot: plan })).toEqual(b.shown);
      pilotsShown += plan.items.length;
    }
    expect(pilotsShown).toBeGreaterThan(300);
  });
});
