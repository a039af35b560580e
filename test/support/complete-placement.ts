// A real placement answered to the end through the API, for tests that need placed taskers (their PROFILE, track and
// TRACK row written by the placement itself, never by hand).
import { randomUUID } from 'node:crypto';
import type { LocalStack } from './local-stack';
import { bestOption } from './seed-bank';

export interface StartedPlacement {
  placementId: string;
  blueprint: { id: string; version: number };
  item: { id: string };
}

/** Answers a started placement until it completes (with `answer`, default the best option); throws on any non-200. */
export async function answerToEnd(stack: LocalStack, taskerId: string, started: StartedPlacement, answer: (itemId: string) => string = bestOption): Promise<void> {
  let item = started.item;
  for (let i = 0; i < 100; i++) {
    const res = await stack.request('POST', `/v1/placements/${started.placementId}/responses`, {
      as: 'tasker',
      sub: taskerId,
      headers: { 'idempotency-key': `answer-${randomUUID()}` },
      body: { itemId: item.id, answer: answer(item.id) },
    });
    if (res.status !== 200) throw new Error(`answer for ${taskerId}: HTTP ${res.status} ${res.text}`);
    const step = res.json<{ status: string; item: { id: string } }>();
    if (step.status === 'completed') return;
    item = step.item;
  }
  throw new Error(`the placement of ${taskerId} did not complete in 100 answers`);
}

/** Starts a placement (onboarding) for a tasker with no declared domain and answers it to the end; returns its id. */
export async function completePlacement(stack: LocalStack, taskerId: string, options: { answer?: (itemId: string) => string; blueprintId?: string } = {}): Promise<string> {
  const res = await stack.request('POST', '/v1/placements', {
    as: 'onboarding',
    sub: 'onboarding-svc',
    body: { taskerId, profile: { declaredDomains: [] }, ...(options.blueprintId ? { blueprintId: options.blueprintId } : {}) },
  });
  if (res.status !== 201) throw new Error(`start for ${taskerId}: HTTP ${res.status} ${res.text}`);
  const started = res.json<StartedPlacement>();
  await answerToEnd(stack, taskerId, started, options.answer);
  return started.placementId;
}
