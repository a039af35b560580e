// The idle sweeper (functions/jobs.ts ExpireIdlePlacements) end to end: placements abandoned past their idle
// deadline become `expired` without any request touching them, through the real handler, its declared IAM
// access and DynamoDB Local.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@theta/store';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption, leakedSecrets } from '../support/seed-bank';

let stack: LocalStack;

interface Started {
  placementId: string;
  item: { id: string };
}
interface Sweep {
  checked: number;
  expired: number;
  stillActive: number;
  released: number;
}

const profile = { declaredDomains: [], educationLevel: 'master' as const };
let keyCounter = 0;
const past = () => new Date(Date.now() - 60_000).toISOString();

async function start(taskerId: string): Promise<Started> {
  const res = await stack.post('/v1/placements', { taskerId, profile }, { as: 'onboarding', sub: 'onboarding-svc' });
  expect(res.status).toBe(201);
  return res.json<Started>();
}

async function answer(taskerId: string, s: Started): Promise<{ id: string }> {
  const res = await stack.post(
    `/v1/placements/${s.placementId}/responses`,
    { itemId: s.item.id, answer: bestOption(s.item.id) },
    { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': `sweep-key-${keyCounter++}` } },
  );
  expect(res.status).toBe(200);
  return res.json<{ item: { id: string } }>().item;
}

const slotOf = async (taskerId: string) =>
  (await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: keys.taskerPlacements(taskerId), ConsistentRead: true }))).Item;
const sessionOf = async (placementId: string) =>
  (await stack.ddb.send(new GetCommand({ TableName: stack.tableNames.sessions, Key: keys.placement(placementId), ConsistentRead: true }))).Item;

/** the slot records an idle deadline in the past (as it does once the deadline it was given at start has passed) */
async function slotDeadlinePassed(taskerId: string): Promise<void> {
  const at = past();
  await stack.ddb.send(
    new UpdateCommand({
      TableName: stack.tableNames.sessions,
      Key: keys.taskerPlacements(taskerId),
      UpdateExpression: 'SET activeIdleDeadline = :at, gsi1sk = :sk',
      ExpressionAttributeValues: { ':at': at, ':sk': keys.idleSlot(taskerId, at).gsi1sk },
    }),
  );
}

async function sessionDeadlinePassed(placementId: string): Promise<void> {
  await stack.ddb.send(
    new UpdateCommand({
      TableName: stack.tableNames.sessions,
      Key: keys.placement(placementId),
      UpdateExpression: 'SET idleDeadline = :at',
      ExpressionAttributeValues: { ':at': past() },
    }),
  );
}

const sweep = async () => (await stack.runJob('ExpireIdlePlacements')) as Sweep;

beforeAll(async () => {
  // every body of this file, too, is checked for keys, error tags and item parameters
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e), checkResponse: (res) => expect(leakedSecrets(res.text)).toEqual([]) });
});

afterAll(async () => {
  await stack?.stop();
});

it('a started placement is on the idle index under its deadline, and leaves it when it is over', async () => {
  const s = await start('sweep-index');
  const slot = await slotOf('sweep-index');
  expect(slot).toMatchObject({ activePlacementId: s.placementId, ...keys.idleSlot('sweep-index', slot?.activeIdleDeadline as string) });
  expect(await sweep()).toEqual({ checked: 0, expired: 0, stillActive: 0, released: 0 });
  expect((await sessionOf(s.placementId))?.status).toBe('in-progress');
});

it('an abandoned placement is expired by the sweep: status, slot released, every item it showed kept as seen', async () => {
  const taskerId = 'sweep-abandoned';
  const s = await start(taskerId);
  const onScreen = await answer(taskerId, s);
  await sessionDeadlinePassed(s.placementId);
  await slotDeadlinePassed(taskerId);

  expect(await sweep()).toEqual({ checked: 1, expired: 1, stillActive: 0, released: 0 });
  const session = await sessionOf(s.placementId);
  expect(session).toMatchObject({ status: 'expired', version: 3 });
  expect(session?.expiresAt).toEqual(expect.any(Number)); // TTL still deletes it later
  const slot = await slotOf(taskerId);
  expect(slot?.activePlacementId).toBeUndefined();
  expect(slot?.gsi1pk).toBeUndefined();
  expect(slot?.seenItems).toEqual([s.item.id, onScreen.id]);
  const view = await stack.get(`/v1/placements/${s.placementId}`, { as: 'ops', sub: 'ops-1' });
  expect(view.json<{ status: string }>().status).toBe('expired');

  // a second sweep finds nothing; the tasker may start again and sees neither item
  expect(await sweep()).toEqual({ checked: 0, expired: 0, stillActive: 0, released: 0 });
  const again = await start(taskerId);
  expect([s.item.id, onScreen.id]).not.toContain(again.item.id);
});

it('a placement answered since its slot recorded the deadline stays active; the slot takes the new deadline', async () => {
  const taskerId = 'sweep-active';
  const s = await start(taskerId);
  await answer(taskerId, s);
  await slotDeadlinePassed(taskerId);

  expect(await sweep()).toEqual({ checked: 1, expired: 0, stillActive: 1, released: 0 });
  const session = await sessionOf(s.placementId);
  expect(session?.status).toBe('in-progress');
  const slot = await slotOf(taskerId);
  expect(slot).toMatchObject({ activePlacementId: s.placementId, activeIdleDeadline: session?.idleDeadline, ...keys.idleSlot(taskerId, session?.idleDeadline as string) });
  expect(await sweep()).toEqual({ checked: 0, expired: 0, stillActive: 0, released: 0 });
});

it('a slot still holding a placement that no longer exists is released', async () => {
  const taskerId = 'sweep-gone';
  const at = past();
  await stack.ddb.send(
    new PutCommand({
      TableName: stack.tableNames.sessions,
      Item: { ...keys.taskerPlacements(taskerId), ...keys.idleSlot(taskerId, at), entity: 'tasker-placements', taskerId, activePlacementId: 'deleted-by-ttl', activeIdleDeadline: at, seenItems: ['x1'], version: 4 },
    }),
  );
  expect(await sweep()).toEqual({ checked: 1, expired: 0, stillActive: 0, released: 1 });
  expect(await slotOf(taskerId)).toMatchObject({ seenItems: ['x1'], version: 5 });
  expect((await slotOf(taskerId))?.activePlacementId).toBeUndefined();
});
