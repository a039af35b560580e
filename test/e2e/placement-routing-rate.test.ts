// Simulated taskers of known ability take placements through the API and land on tracks at the rate
// the IRT simulation predicts; each API placement also replays exactly in the pure simulator.
import { createRng, type Rng } from '@theta/irt';
import { decideTrack, PublishedBankCache, simulatePlacement, type PublishedBank, type TaskerProfile } from '@theta/assessment';
import { DynamoCatalogStore } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { engineItem, leakedSecrets, optionWithScore, seedItem } from '../support/seed-bank';
import { categoryProbabilities } from '@theta/irt';

const HTTP_TASKERS = 30;
const CONCURRENCY = 6;
const PREDICTION_SIMULEES = 1500;
const SKILLS = ['instruction-following', 'factual-verification', 'rubric-grading', 'writing-quality', 'safety-policy', 'coding', 'math'];

let stack: LocalStack;
let bank: PublishedBank;

interface Simulee {
  id: string;
  theta: Record<string, number>;
  profile: TaskerProfile;
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function drawSimulee(id: string, rng: Rng): Simulee {
  const theta = Object.fromEntries(SKILLS.map((s) => [s, normal(rng)]));
  const declaredDomains = rng() < 0.5 ? ['coding'] : rng() < 0.5 ? ['math'] : [];
  return { id, theta, profile: { declaredDomains, educationLevel: 'master' } };
}

/** The score a simulee gives an item: a draw from the item's model at their true θ, fixed per (simulee, item). */
function scoreOf(simulee: Simulee, itemId: string): number {
  const probabilities = categoryProbabilities(engineItem(itemId), simulee.theta[seedItem(itemId).skill] as number);
  let u = createRng(`${simulee.id}:${itemId}`)();
  for (let k = 0; k < probabilities.length - 1; k++) {
    u -= probabilities[k] as number;
    if (u < 0) return k;
  }
  return probabilities.length - 1;
}

/** The track the blueprint would give if abilities were known exactly. */
function trueTrack(simulee: Simulee): string {
  const measured = bank.blueprint.skills.filter((s) => s.kind === 'general' || simulee.profile.declaredDomains.includes(s.domain ?? s.skill));
  return decideTrack(bank.blueprint, Object.fromEntries(measured.map((s) => [s.skill, { theta: simulee.theta[s.skill] as number, se: 1e-9 }]))).track;
}

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, checkResponse: (res) => expect(leakedSecrets(res.text)).toEqual([]) });
  bank = await new PublishedBankCache(new DynamoCatalogStore(stack.ddb, stack.tableNames.bank)).latest('general-placement');
});

afterAll(async () => {
  await stack?.stop();
});

async function placeThroughApi(simulee: Simulee): Promise<{ placementId: string; track: string; items: string[]; thetas: Record<string, number> }> {
  const started = await stack.post('/v1/placements', { taskerId: simulee.id, profile: simulee.profile }, { as: 'onboarding', sub: 'onboarding-svc' });
  expect(started.status).toBe(201);
  expect(leakedSecrets(started.text)).toEqual([]);
  const { placementId, item } = started.json<{ placementId: string; item: { id: string } }>();
  let current = item.id;
  for (let n = 0; n < 200; n++) {
    const answer = optionWithScore(current, scoreOf(simulee, current));
    const res = await stack.post(`/v1/placements/${placementId}/responses`, { itemId: current, answer }, {
      as: 'tasker',
      sub: simulee.id,
      headers: { 'idempotency-key': `${placementId}-${n}` },
    });
    expect(res.status).toBe(200);
    expect(leakedSecrets(res.text)).toEqual([]);
    const step = res.json<{ status: string; item?: { id: string } }>();
    if (step.status === 'completed') break;
    current = step.item!.id;
  }
  const view = (await stack.get(`/v1/placements/${placementId}`, { as: 'ops', sub: 'ops-1' })).json<{
    result: { track: string; itemsAdministered: string[]; skills: Record<string, { theta: number }> };
  }>();
  return {
    placementId,
    track: view.result.track,
    items: view.result.itemsAdministered,
    thetas: Object.fromEntries(Object.entries(view.result.skills).map(([k, v]) => [k, v.theta])),
  };
}

it('API placements replay exactly in the simulator and route at the predicted rate', async () => {
  // the options' scores on rubric items are 3 − |chosen − true|: a drawn score may have no option, so the
  // replay scores the option actually chosen, as the API did
  const scoredAnswer = (simulee: Simulee, itemId: string): number => {
    const option = optionWithScore(itemId, scoreOf(simulee, itemId));
    const key = seedItem(itemId).key;
    return key.type === 'choice' ? Number(option === key.correct) : (key.scores[option] as number);
  };

  const rng = createRng('routing-rate');
  const simulees = Array.from({ length: HTTP_TASKERS }, (_, i) => drawSimulee(`rate-${i}`, rng));
  const outcomes: Awaited<ReturnType<typeof placeThroughApi>>[] = [];
  for (let i = 0; i < simulees.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(simulees.slice(i, i + CONCURRENCY).map(placeThroughApi))));
  }

  // 1. every API placement is the pure engine's placement, step for step
  outcomes.forEach((outcome, i) => {
    const simulee = simulees[i] as Simulee;
    const replay = simulatePlacement(bank, { placementId: outcome.placementId, profile: simulee.profile, respond: (id) => scoredAnswer(simulee, id) });
    expect(replay.items).toEqual(outcome.items);
    expect(replay.result.track).toBe(outcome.track);
    for (const [skill, theta] of Object.entries(outcome.thetas)) expect(replay.result.skills[skill]?.theta).toBeCloseTo(theta, 9);
  });

  // 2. the share routed to their true track matches what the simulation predicts for this blueprint
  const observed = outcomes.filter((o, i) => o.track === trueTrack(simulees[i] as Simulee)).length / HTTP_TASKERS;
  const predictionRng = createRng('routing-rate-prediction');
  let agree = 0;
  for (let i = 0; i < PREDICTION_SIMULEES; i++) {
    const simulee = drawSimulee(`pred-${i}`, predictionRng);
    const simulated = simulatePlacement(bank, { placementId: `pred-${i}`, profile: simulee.profile, respond: (id) => scoredAnswer(simulee, id) });
    if (simulated.result.track === trueTrack(simulee)) agree++;
  }
  const predicted = agree / PREDICTION_SIMULEES;
  const tolerance = 3 * Math.sqrt((predicted * (1 - predicted)) / HTTP_TASKERS) + 0.02;
  expect(predicted).toBeGreaterThan(0.4); // the blueprint routes far better than chance
  expect(Math.abs(observed - predicted)).toBeLessThanOrEqual(tolerance);
  // 30 placements over HTTP and 1,500 simulated ones: minutes on a busy 2-core runner, not the default 60 s
}, 300_000);
