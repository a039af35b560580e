// One simulated tasker, end to end over HTTP: onboarding starts the placement, the tasker answers until the
// CAT stops (peeking at the current item before every 5th answer), then onboarding reads the placement and the
// tasker reads their profile. Every request's client-side latency is recorded under its route id.
import { hashString } from '@theta/irt';
import type { BenchClient, ClientResponse } from './http-client';
import type { Simulee } from './simulee';
import type { Samples } from './stats';

interface ItemView {
  id: string;
  stem: string;
  options: { id: string; text: string }[];
}

type SubmitOutcome =
  | { status: 'in-progress'; item: ItemView }
  | { status: 'completed'; result: { track: string; itemsUsed: number; skills: Record<string, { theta: number; se: number }> } };

export interface FailedRequest {
  route: string;
  method: string;
  path: string;
  status: number;
  body: string;
}

export interface TaskerOutcome {
  taskerId: string;
  completed: boolean;
  requests: number;
  items: number;
  track?: string;
  /** per skill: true θ and the API's estimate */
  estimates: { skill: string; truth: number; theta: number; se: number }[];
  substitutedScores: number;
}

export interface FlowContext {
  client: BenchClient;
  latency: Samples;
  failures: FailedRequest[];
  onboardingToken: string;
  signTaskerToken: (taskerId: string) => Promise<string>;
  /** prefix making Idempotency-Keys unique across runs against the same tables */
  runTag: string;
  /** mean pause before each answer (a person reading the item); 0 = back to back */
  thinkMs: number;
  /** after the placement, a practice quiz of this many items on QUIZ_SKILL (0: none) */
  quizLength: number;
}

/** the skill every simulated tasker practises after placement */
export const QUIZ_SKILL = 'writing-quality';

type QuizStep = { item?: ItemView; summary?: unknown };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps a tasker from looping forever if the API misbehaves (the blueprint stops at 40 items). */
const MAX_ANSWERS = 200;

export async function runTasker(ctx: FlowContext, taskerId: string, simulee: Simulee): Promise<TaskerOutcome> {
  const outcome: TaskerOutcome = { taskerId, completed: false, requests: 0, items: 0, estimates: [], substitutedScores: 0 };
  const taskerToken = await ctx.signTaskerToken(taskerId);

  const call = async (route: string, method: string, path: string, options: Parameters<BenchClient['send']>[2]): Promise<ClientResponse | undefined> => {
    const response = await ctx.client.send(method, path, options);
    outcome.requests++;
    ctx.latency.add(route, response.ms);
    if (response.status < 200 || response.status > 299) {
      ctx.failures.push({ route, method, path, status: response.status, body: response.body.slice(0, 500) });
      return undefined;
    }
    return response;
  };

  const started = await call('StartPlacement', 'POST', '/v1/placements', {
    token: ctx.onboardingToken,
    body: { taskerId, profile: simulee.profile },
  });
  if (!started) return outcome;
  const { placementId, item: firstItem } = JSON.parse(started.body) as { placementId: string; item: ItemView };
  let item = firstItem;

  for (let n = 1; n <= MAX_ANSWERS; n++) {
    if (n % 5 === 0) {
      const current = await call('GetPlacementItem', 'GET', `/v1/placements/${placementId}/item`, { token: taskerToken });
      if (!current) return outcome;
      const shown = (JSON.parse(current.body) as { item: ItemView }).item;
      if (shown.id !== item.id) {
        ctx.failures.push({ route: 'GetPlacementItem', method: 'GET', path: `/v1/placements/${placementId}/item`, status: 200, body: `current item ${shown.id}, expected ${item.id}` });
        return outcome;
      }
    }
    // uniform on [0.5, 1.5]·thinkMs: taskers do not answer in lock step
    if (ctx.thinkMs > 0) await sleep(ctx.thinkMs * (0.5 + (hashString(`${taskerId}:${n}`) % 1000) / 1000));
    const answer = simulee.answer(item.id, item.options.map((o) => o.id));
    if (answer.substituted) outcome.substitutedScores++;
    const submitted = await call('SubmitPlacementResponse', 'POST', `/v1/placements/${placementId}/responses`, {
      token: taskerToken,
      headers: { 'idempotency-key': `${ctx.runTag}-${taskerId}-${n}` },
      body: { itemId: item.id, answer: answer.option },
    });
    if (!submitted) return outcome;
    outcome.items = n;
    const next = JSON.parse(submitted.body) as SubmitOutcome;
    if (next.status === 'completed') {
      outcome.completed = true;
      outcome.track = next.result.track;
      outcome.estimates = Object.entries(next.result.skills).map(([skill, s]) => ({ skill, truth: simulee.theta[skill] ?? Number.NaN, theta: s.theta, se: s.se }));
      break;
    }
    item = next.item;
  }

  await call('GetPlacement', 'GET', `/v1/placements/${placementId}`, { token: ctx.onboardingToken });
  await call('GetTasker', 'GET', `/v1/taskers/${taskerId}`, { token: taskerToken });
  if (ctx.quizLength > 0) await takeQuiz(ctx, call, taskerId, taskerToken, simulee);
  return outcome;
}

/** The practice quiz after placement, at the same pacing (docs/benchmarks.md: quiz answer p99). */
async function takeQuiz(ctx: FlowContext, call: (route: string, method: string, path: string, options: Parameters<BenchClient['send']>[2]) => Promise<ClientResponse | undefined>, taskerId: string, token: string, simulee: Simulee): Promise<void> {
  const started = await call('StartQuiz', 'POST', '/v1/quizzes', { token, body: { skill: QUIZ_SKILL, length: ctx.quizLength } });
  if (!started) return;
  const { quizId, item: first } = JSON.parse(started.body) as { quizId: string; item: ItemView };
  let item: ItemView | undefined = first;
  for (let n = 1; item && n <= ctx.quizLength; n++) {
    if (ctx.thinkMs > 0) await sleep(ctx.thinkMs * (0.5 + (hashString(`${taskerId}:quiz:${n}`) % 1000) / 1000));
    const answer = simulee.answer(item.id, item.options.map((o) => o.id));
    const submitted = await call('SubmitQuizResponse', 'POST', `/v1/quizzes/${quizId}/responses`, {
      token,
      headers: { 'idempotency-key': `${ctx.runTag}-${taskerId}-quiz-${n}` },
      body: { itemId: item.id, answer: answer.option },
    });
    if (!submitted) return;
    item = (JSON.parse(submitted.body) as QuizStep).item;
  }
}
