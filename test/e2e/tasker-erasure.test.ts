// Erasing a tasker (DELETE /v1/taskers/{id}, docs/security.md "Privacy") through the local API Gateway, the real
// handlers and DynamoDB Local: a tasker with a placement, a quiz, an ops track move, an enrolment, a quality signal
// and a scheduled re-assessment is erased; then no item of any table carries their id (Scan is fine here: the test
// reads everything, the route never does), the audit reads under the pseudonym, another tasker is untouched, a retry
// writes nothing, the response-log and analytics exports no longer yield them, and a crash mid-way is finished by a
// retry. Also: the logs of a placement answer carry neither the answer nor the bearer token.
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eraseTasker, taskerPseudonym } from '@theta/assessment';
import { logger } from '@theta/http';
import { DynamoAnalyticsExportStore, DynamoResponseLogStore, DynamoTaskerErasureStore, type ErasureTables } from '@theta/store';
import { completePlacement, type StartedPlacement } from '../support/complete-placement';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { bestOption } from '../support/seed-bank';

// ids chosen so that none is a substring of another (the dump looks for each as a substring)
const SUBJECT = 'privacy-subject-1';
const BYSTANDER = 'privacy-bystander-1';
const CRASHED = 'privacy-crashed-1';
const LOGGED = 'privacy-logged-1';
/** the handler's pseudonym key when THETA_PSEUDONYM_KEY is not set (functions/src/taskers/erase-tasker.ts) */
const DEFAULT_PSEUDONYM_KEY = 'theta-erasure-pseudonym/v1';
const COURSE = {
  title: 'Coding, for the erasure test',
  skills: ['coding'],
  modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding', length: 2 }, pass: { minCorrectShare: 0.5 } }],
  exitBlueprintId: 'default',
  variants: [{ id: 'control', weight: 1 }],
};

let stack: LocalStack;
const testStart = new Date(Date.now() - 60_000).toISOString();
const key = () => `erasure-${randomUUID()}`;
const asOps = { as: 'ops' as const, sub: 'ops-privacy' };

interface AuditEntry {
  at: string;
  kind: string;
  from?: string;
  to: string;
  reason: string;
  actor?: { kind: string; sub?: string };
  placementId?: string;
}
interface Erasure {
  pseudonym: string;
  round: number;
  status: string;
  requestedBy: string;
  counts: Record<string, number>;
}
interface Fixture {
  placementId: string;
  quizId: string;
  audit: AuditEntry[];
}

/** every item of every table as `<table> <json>` lines */
async function dump(): Promise<Set<string>> {
  const lines = new Set<string>();
  for (const [name, table] of Object.entries(stack.tableNames)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await stack.ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) lines.add(`${name} ${JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))))}`);
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return lines;
}

const naming = (lines: Set<string>, id: string): string[] => [...lines].filter((line) => line.includes(id));
const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((line) => !b.has(line));

async function runQuiz(taskerId: string): Promise<string> {
  const start = await stack.request('POST', '/v1/quizzes', { as: 'tasker', sub: taskerId, body: { skill: 'coding', length: 2, courseId: 'privacy-course' } });
  if (start.status !== 201) throw new Error(`quiz for ${taskerId}: HTTP ${start.status} ${start.text}`);
  const { quizId, item } = start.json<{ quizId: string; item: { id: string; options: { id: string }[] } }>();
  let current: { id: string; options: { id: string }[] } | undefined = item;
  while (current) {
    const res = await stack.request('POST', `/v1/quizzes/${quizId}/responses`, { as: 'tasker', sub: taskerId, headers: { 'idempotency-key': key() }, body: { itemId: current.id, answer: current.options[0]!.id, elapsedMs: 4000 } });
    if (res.status !== 200) throw new Error(`quiz answer for ${taskerId}: HTTP ${res.status} ${res.text}`);
    const reply = res.json<{ status: string; item?: { id: string; options: { id: string }[] } }>();
    current = reply.status === 'in-progress' ? reply.item : undefined;
  }
  return quizId;
}

async function expectStatus(res: { status: number; text: string }, status: number): Promise<void> {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
}

/** A tasker with every kind of record: placement, quiz, ops move (a reason naming them), enrolment, signal, schedule. */
async function makeTasker(taskerId: string): Promise<Fixture> {
  const placementId = await completePlacement(stack, taskerId);
  await expectStatus(await stack.request('POST', `/v1/taskers/${taskerId}/enrollments`, { ...asOps, headers: { 'idempotency-key': key() }, body: { courseId: 'privacy-course' } }), 201);
  const quizId = await runQuiz(taskerId);
  await expectStatus(
    await stack.request('POST', `/v1/taskers/${taskerId}/track`, { ...asOps, headers: { 'idempotency-key': key() }, body: { track: 'generalist', reason: `ops review of ${taskerId}: generalist for now` } }),
    200,
  );
  await expectStatus(await stack.request('POST', `/v1/taskers/${taskerId}/quality-signals`, { as: 'quality', sub: 'audit-service', headers: { 'idempotency-key': key() }, body: { skill: 'coding', score: 0.8, workId: `work-of-${taskerId}` } }), 201);
  await expectStatus(await stack.request('PUT', `/v1/taskers/${taskerId}/reassessment`, { ...asOps, body: { blueprintId: 'general-placement', reason: `re-check ${taskerId}` } }), 200);
  const audit = (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries;
  return { placementId, quizId, audit };
}

/** what the audit keeps of an entry: who, when, from, to, why (the id in the why becomes the pseudonym) */
const anonymised = (entry: AuditEntry, taskerId: string, pseudonym: string) => {
  const { placementId: _dropped, ...kept } = entry;
  return { ...kept, reason: entry.reason.split(taskerId).join(pseudonym) };
};

/** neither call below completes, so neither announces (test/e2e/tasker-erasure-announcement.test.ts tests that) */
const notAnnounced = async (): Promise<void> => undefined;
const erasureTables = (): ErasureTables => ({ sessions: stack.tableNames.sessions, taskers: stack.tableNames.taskers, counters: stack.tableNames.idempotency });

let subject: Fixture;
let bystander: Fixture;

beforeAll(async () => {
  stack = await startLocalStack({ seed: true, onHandlerError: (id, e) => console.error(id, e) });
  await expectStatus(await stack.request('PUT', '/v1/courses/privacy-course', { as: 'author', sub: 'author-1', body: COURSE }), 201);
  subject = await makeTasker(SUBJECT);
  bystander = await makeTasker(BYSTANDER);
  // a bulk reroute moves both: its candidate rows (BULK#<job>/CAND#<tasker>) name them outside their partitions
  const bulk = await stack.request('POST', '/v1/bulk-reroutes', {
    ...asOps,
    headers: { 'idempotency-key': key() },
    body: { fromTrack: 'generalist', toTrack: 'remedial:instruction-following', reason: 'due for re-assessment', rule: { kind: 'not-assessed-since', before: new Date().toISOString() } },
  });
  await expectStatus(bulk, 201);
  const bulkId = bulk.json<{ job: { id: string } }>().job.id;
  await stack.runJob('RunBulkReroutes');
  await expectStatus(await stack.request('POST', `/v1/bulk-reroutes/${bulkId}/apply`, asOps), 200);
  await stack.runJob('RunBulkReroutes');
  for (const fixture of [subject, bystander]) {
    const taskerId = fixture === subject ? SUBJECT : BYSTANDER;
    fixture.audit = (await stack.request('GET', `/v1/taskers/${taskerId}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries;
    if (fixture.audit[0]?.to !== 'remedial:instruction-following') throw new Error(`the bulk reroute did not move ${taskerId}`);
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('DELETE /v1/taskers/{id}', () => {
  test('roles: a tasker (even the one named), author and onboarding get 403, nothing erased; an unknown tasker is 404', async () => {
    const before = await dump();
    for (const [role, sub] of [['tasker', SUBJECT], ['author', 'author-1'], ['onboarding', 'onboarding-svc'], ['quality', 'audit-service']] as const) {
      const res = await stack.request('DELETE', `/v1/taskers/${SUBJECT}`, { as: role, sub });
      expect({ role, status: res.status, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ role, status: 403, code: 'forbidden_role' });
    }
    const unknown = await stack.request('DELETE', '/v1/taskers/privacy-nobody-1', asOps);
    expect(unknown.status).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('tasker_not_found');
    const bad = await stack.request('DELETE', '/v1/taskers/not%20an%20id', asOps);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('path.id');
    expect(minus(before, await dump())).toEqual([]);
  });

  test('erases every record of the tasker: no item of any table carries the id; the audit is kept under the pseudonym', async () => {
    const before = await dump();
    // the fixture wrote every kind of record, on every table that holds a tasker's data
    const named = naming(before, SUBJECT);
    for (const kind of ['PLACEMENT#', 'QUIZ#', 'RESP#', '"PLACEMENTS"', 'ATTEMPTS#', 'PROFILE', 'HISTORY#', 'TRACK#', 'MOVEKEY#', 'ENROLL#', 'QUALITY#', 'QKEY#', 'SEEN#', 'EVENT#', 'rate#', 'CAND#'])
      expect({ kind, found: named.some((line) => line.includes(kind)) }).toEqual({ kind, found: true });

    const res = await stack.request('DELETE', `/v1/taskers/${SUBJECT}`, { ...asOps, headers: { 'idempotency-key': key() } });
    expect(res.status).toBe(200);
    const { erasure } = res.json<{ erasure: Erasure }>();
    const pseudonym = taskerPseudonym(SUBJECT, DEFAULT_PSEUDONYM_KEY);
    // HMAC-SHA256 by openssl: printf privacy-subject-1 | openssl dgst -sha256 -hmac theta-erasure-pseudonym/v1
    expect(pseudonym).toBe('erased-dfb673917d25c52ab1ce439d85d3778a');
    expect(erasure).toMatchObject({ pseudonym, round: 1, status: 'completed', requestedBy: 'ops-privacy' });
    expect(erasure.counts).toMatchObject({ sessions: 2, auditEntriesKept: subject.audit.length });

    const after = await dump();
    expect(naming(after, SUBJECT)).toEqual([]);
    // everything removed named the tasker (nobody else lost anything), and every line naming them went
    expect(minus(before, after).sort()).toEqual(named.sort());
    // everything added is under the pseudonym: the marker, its PROFILE, the anonymised audit and the erasure's entry
    const added = minus(after, before);
    expect(added.every((line) => line.startsWith(`taskers {"`) && line.includes(`"pk":"TASKER#${pseudonym}"`))).toBe(true);
    expect(added).toHaveLength(subject.audit.length + 3);

    // the audit reads as any tasker's, under the pseudonym: the erasure, then every earlier entry anonymised
    const audit = await stack.request('GET', `/v1/taskers/${pseudonym}/audit`, asOps);
    expect(audit.status).toBe(200);
    const [erasedEntry, ...kept] = audit.json<{ entries: AuditEntry[] }>().entries;
    expect(erasedEntry).toMatchObject({ kind: 'move', to: 'erased', actor: { kind: 'person', sub: 'ops-privacy' } });
    expect(kept).toEqual(subject.audit.map((e) => anonymised(e, SUBJECT, pseudonym)));
    expect(kept.some((e) => e.kind === 'move' && e.actor?.sub === 'ops-privacy' && e.reason === `ops review of ${pseudonym}: generalist for now`)).toBe(true);
  });

  test('the pseudonym itself cannot be erased: its partition is the kept audit (422, nothing written)', async () => {
    const before = await dump();
    const res = await stack.request('DELETE', `/v1/taskers/${taskerPseudonym(SUBJECT, DEFAULT_PSEUDONYM_KEY)}`, asOps);
    expect(res.status).toBe(422);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'erased_pseudonym', message: expect.stringContaining('path.id') });
    expect(await dump()).toEqual(before);
  });

  test('afterwards the tasker, their placements, quizzes and audit are 404; the exports no longer yield them', async () => {
    expect((await stack.request('GET', `/v1/taskers/${SUBJECT}`, asOps)).status).toBe(404);
    expect((await stack.request('GET', `/v1/placements/${subject.placementId}`, asOps)).status).toBe(404);
    expect((await stack.request('GET', `/v1/quizzes/${subject.quizId}`, asOps)).status).toBe(404);
    expect((await stack.request('GET', `/v1/taskers/${SUBJECT}/audit`, asOps)).status).toBe(404);
    const placements = await stack.request('GET', `/v1/taskers/${SUBJECT}/placements`, asOps);
    expect(placements.json<{ placements?: unknown[] }>().placements ?? []).toEqual([]);

    // the response log (what `npm run export:responses` writes, and `insights -- sync` rebuilds the dataset from)
    const log = new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions });
    const taskers = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await log.readResponsePage({ from: testStart, ...(cursor ? { cursor } : {}) });
      for (const record of page.records) taskers.add(record.taskerId);
      cursor = page.cursor;
    } while (cursor);
    expect(taskers.has(BYSTANDER)).toBe(true);
    expect(taskers.has(SUBJECT)).toBe(false);
    // the analytics export (`npm run export:analytics`): no enrolment, no measurement left for them
    const analytics = new DynamoAnalyticsExportStore(stack.ddb, { taskers: stack.tableNames.taskers, sessions: stack.tableNames.sessions });
    expect(await analytics.readTasker(SUBJECT)).toEqual({ enrollments: [], measurements: [] });
    const kept = await analytics.readTasker(BYSTANDER);
    expect(kept.enrollments).toHaveLength(1);
    expect(kept.measurements.length).toBeGreaterThan(0);
  });

  test('another tasker is untouched: their records, view and audit are as they were', async () => {
    const view = await stack.request('GET', `/v1/taskers/${BYSTANDER}`, asOps);
    expect(view.status).toBe(200);
    expect((await stack.request('GET', `/v1/taskers/${BYSTANDER}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries).toEqual(bystander.audit);
    expect((await stack.request('GET', `/v1/placements/${bystander.placementId}`, asOps)).status).toBe(200);
    expect((await stack.request('GET', `/v1/quizzes/${bystander.quizId}`, asOps)).status).toBe(200);
  });

  test('a retry returns the same erasure and writes nothing', async () => {
    const before = await dump();
    const first = (await stack.request('DELETE', `/v1/taskers/${SUBJECT}`, asOps)).json<{ erasure: Erasure }>();
    const again = await stack.request('DELETE', `/v1/taskers/${SUBJECT}`, { as: 'ops', sub: 'ops-other' });
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(first);
    expect(first.erasure.requestedBy).toBe('ops-privacy');
    expect(await dump()).toEqual(before);
  });

  test('records written after the erasure (the id signs up again) are erased by a second round', async () => {
    await completePlacement(stack, SUBJECT);
    const res = await stack.request('DELETE', `/v1/taskers/${SUBJECT}`, asOps);
    expect(res.status).toBe(200);
    expect(res.json<{ erasure: Erasure }>().erasure).toMatchObject({ round: 2, status: 'completed' });
    expect(naming(await dump(), SUBJECT)).toEqual([]);
    const audit = (await stack.request('GET', `/v1/taskers/${taskerPseudonym(SUBJECT, DEFAULT_PSEUDONYM_KEY)}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries;
    expect(audit.filter((e) => e.to === 'erased')).toHaveLength(2);
  });

  test('two concurrent erasures of one tasker both answer the one completed erasure, audited once', async () => {
    const taskerId = 'privacy-concurrent-1';
    await completePlacement(stack, taskerId);
    const replies = await Promise.all([stack.request('DELETE', `/v1/taskers/${taskerId}`, asOps), stack.request('DELETE', `/v1/taskers/${taskerId}`, { as: 'ops', sub: 'ops-other' })]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies[1]!.json()).toEqual(replies[0]!.json());
    expect(naming(await dump(), taskerId)).toEqual([]);
    const audit = (await stack.request('GET', `/v1/taskers/${taskerPseudonym(taskerId, DEFAULT_PSEUDONYM_KEY)}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries;
    expect(audit.map((e) => e.to === 'erased')).toEqual([true, false]);
  });

  test('bounded and resumable: a call out of budget is in progress, a crash mid-batch is finished by a retry', async () => {
    const crashed = await makeTasker(CRASHED);
    const total = naming(await dump(), CRASHED).length;
    const erasures = new DynamoTaskerErasureStore(stack.ddb, erasureTables());
    // a budget far below the tasker's records: the call stops, reports progress, leaves the rest
    const partial = await eraseTasker({ taskerId: CRASHED, requestedBy: 'ops-privacy' }, { erasures, pseudonymKey: DEFAULT_PSEUDONYM_KEY, announceErased: notAnnounced, writeBudget: 5 });
    expect(partial.erasure.status).toBe('in-progress');
    const afterPartial = naming(await dump(), CRASHED).length;
    expect(afterPartial).toBeLessThan(total);
    expect(afterPartial).toBeGreaterThan(0);
    // the API answers 202 while it cannot finish in one call: here the crash comes from a store that dies mid-way
    const dying = new DynamoTaskerErasureStore(stack.ddb, erasureTables(), {
      afterBatch: (n) => {
        if (n === 2) throw new Error('simulated crash after the second batch');
      },
    });
    await expect(eraseTasker({ taskerId: CRASHED, requestedBy: 'ops-privacy' }, { erasures: dying, pseudonymKey: DEFAULT_PSEUDONYM_KEY, announceErased: notAnnounced })).rejects.toThrow('simulated crash');
    const afterCrash = naming(await dump(), CRASHED).length;
    expect(afterCrash).toBeLessThan(afterPartial);
    expect(afterCrash).toBeGreaterThan(0);

    const retry = await stack.request('DELETE', `/v1/taskers/${CRASHED}`, asOps);
    expect(retry.status).toBe(200);
    expect(retry.json<{ erasure: Erasure }>().erasure).toMatchObject({ round: 1, status: 'completed', requestedBy: 'ops-privacy' });
    expect(naming(await dump(), CRASHED)).toEqual([]);
    // every audit entry kept exactly once, whatever was copied before the crash
    const pseudonym = taskerPseudonym(CRASHED, DEFAULT_PSEUDONYM_KEY);
    const [, ...kept] = (await stack.request('GET', `/v1/taskers/${pseudonym}/audit`, asOps)).json<{ entries: AuditEntry[] }>().entries;
    expect(kept).toEqual(crashed.audit.map((e) => anonymised(e, CRASHED, pseudonym)));
  }, 120_000);
});

describe('logs', () => {
  test('a placement answer logs neither the answer nor the bearer token', async () => {
    const start = await stack.request('POST', '/v1/placements', { as: 'onboarding', sub: 'onboarding-svc', body: { taskerId: LOGGED, profile: { declaredDomains: [] } } });
    expect(start.status).toBe(201);
    const started = start.json<StartedPlacement>();
    const token = await stack.tokenFor('tasker', LOGGED);
    const distinctiveAnswer = 'ZQXANSWER9731';
    const send = (body: unknown) => stack.request('POST', `/v1/placements/${started.placementId}/responses`, { token, headers: { 'idempotency-key': key() }, body });

    const captured: string[] = [];
    // the suite runs with POWERTOOLS_LOG_LEVEL=SILENT (test/setup-env.js): the most verbose level shows everything.
    // Powertools puts every invocation after the first back at the constructor's level (its debug-sampling refresh),
    // so that refresh is held off while capturing; the logging itself runs as in Lambda
    const refresh = jest.spyOn(Logger.prototype, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
    logger.setLogLevel('DEBUG');
    const writes = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        captured.push(String(chunk));
        return true;
      }),
    );
    const consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' '))));
    try {
      // an answer that is not an option (a domain error, logged), a malformed one (a validation error, logged), a stale
      // item (a conflict, logged) and a right answer
      expect((await send({ itemId: started.item.id, answer: distinctiveAnswer })).status).toBe(422);
      expect((await send({ itemId: started.item.id, answer: distinctiveAnswer, elapsedMs: 'slow' })).status).toBe(400);
      expect((await send({ itemId: 'not-the-current-item', answer: bestOption(started.item.id) })).status).toBe(409);
      expect((await send({ itemId: started.item.id, answer: bestOption(started.item.id) })).status).toBe(200);
    } finally {
      for (const spy of [...writes, ...consoles, refresh]) spy.mockRestore();
      logger.setLogLevel('SILENT');
    }
    const logs = captured.join('\n');
    // the capture saw the handlers' structured logs (so an absence below means something)
    expect(logs).toMatch(/"level":\s*"INFO"/);
    expect(logs).toMatch(/domain error|request rejected/);
    expect(logs).not.toContain(distinctiveAnswer);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[2]!);
    expect(logs).not.toMatch(/"answer"/);
    expect(logs).not.toMatch(/authorization/i);
  }, 60_000);
});
