// The authorization matrix (docs/security.md, functions/authz-matrix.ts), walked cell by cell through the local API
// Gateway, the real handlers and DynamoDB Local. Every block has one test per route of ROUTES, so a route without a
// fixture here fails:
// - every caller the matrix refuses gets its 403 (no token: 401), also with a malformed body (authorization comes
//   before validation); the tables are unchanged afterwards;
// - a caller limited to its own objects gets, on someone else's object, exactly the 404 of an unknown id (nothing
//   written), and the object is real (its owner reads it);
// - every allowed caller gets through (neither 401 nor 403, no 5xx; on an ownership route its object is found),
//   and the malformed body is its 400.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { AUTHZ_CALLERS, authorizationMatrix, type AuthzCaller, type AuthzRow } from '@theta/functions/authz-matrix';
import { ROUTES, type RouteDefinition } from '@theta/functions/routes';
import { type DevRole, REPO_ROOT } from '@theta/local';
import { completePlacement } from '../support/complete-placement';
import { startLocalStack, type LocalResponse, type LocalStack } from '../support/local-stack';

/** whose object a probe names, from the point of view of the fixture's owner */
type Target = 'own' | 'foreign' | 'unknown';

interface Probe {
  /** the path with its parameters (and query) filled in */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteFixture {
  /** the sub whose own objects the probes name: every token of this route's cells speaks for it */
  owner: string;
  /** ownership routes: whose object the `foreign` probe names (it must be found for them) */
  foreignOwner?: string;
  /** a request on an object of `owner` (`own`), of someone else (`foreign`) or on an id nobody has (`unknown`) */
  probe(target: Target): Promise<Probe> | Probe;
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
  requestId?: string;
}

// the taskers of the fixtures, each with real objects made through the API
const PLACED = 'authz-placed'; // a completed placement (PROFILE, track, audit), a quiz, an enrollment
const OTHER = 'authz-other'; // the same, someone else's
const ACTIVE = 'authz-active'; // a placement in progress
const ACTIVE_OTHER = 'authz-active-other'; // someone else's placement in progress
const GHOST = 'authz-ghost'; // a tasker id nobody has
const ERASED = 'authz-erased'; // a placement in progress, there to be erased by ops
const COURSE_OWN = 'authz-course-own';
const COURSE_OTHER = 'authz-course-other';
const MALFORMED_JSON = '{"truncated": ';

let stack: LocalStack;
let dataDir: string;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;
const idempotencyKey = () => ({ 'idempotency-key': unique('authz-key') });

const ids = { placedPlacement: '', otherPlacement: '', activePlacement: '', activeOtherPlacement: '', ownQuiz: '', otherQuiz: '', trackId: '', placedTrack: '', bulkReroute: '', calibration: '' };

const COURSE = {
  title: 'Authorization matrix course',
  skills: ['coding'],
  modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding', length: 2 }, pass: { minCorrectShare: 0.5 } }],
  exitBlueprintId: 'default',
  variants: [{ id: 'control', weight: 1 }],
};

const seedFile = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed', path), 'utf8')) as Record<string, unknown>;
/** a seed item again, unchanged: the import validates it whole and writes nothing new */
const SEED_ITEM = (seedFile('items.json').items as unknown[])[0];
/** the seed blueprint under an id of this file */
const BLUEPRINT = { ...seedFile('blueprints/general-placement.json'), id: 'authz-placement' };
/** fires for nobody here: no quality signal on math is ever sent */
const REMEDIATION_RULE = { title: 'Math quality below the bar', when: { kind: 'quality-below', skill: 'math', threshold: 0.5, window: 3, minSignals: 3 }, moveTo: 'remedial:math' };
/** moves nobody: no tasker is on remedial:math in this file */
const BULK_REROUTE = { fromTrack: 'remedial:math', toTrack: 'generalist', reason: 'authorization matrix', rule: { kind: 'not-assessed-since', before: '2020-01-01T00:00:00Z' } };

// --- tokens: one per (caller, sub), signed once

const tokens = new Map<string, Promise<string>>();
function tokenOf(caller: Exclude<AuthzCaller, 'no-token'> | 'unknown-role', sub: string): Promise<string> {
  const cacheKey = `${caller}/${sub}`;
  let token = tokens.get(cacheKey);
  if (!token) {
    if (caller === 'no-role') token = stack.tokenFor([], sub);
    // groups that are well-formed but not Theta roles (one differs from a role only by case): ignored, so no role
    else if (caller === 'unknown-role') token = stack.tokenFor([], sub, { claims: { 'cognito:groups': ['admin', 'Ops', 'tasker-admin'] } });
    else token = stack.tokenFor(caller as DevRole, sub);
    tokens.set(cacheKey, token);
  }
  return token;
}

async function send(route: RouteDefinition, probe: Probe, token: string | undefined): Promise<LocalResponse> {
  return stack.request(route.method, probe.path, { ...(token ? { token } : {}), ...(probe.body !== undefined ? { body: probe.body } : {}), ...(probe.headers ? { headers: probe.headers } : {}) });
}

/** the same request with a body that is not JSON at all: a 400 for anyone who gets past authorization */
const malformed = (probe: Probe): Probe => ({ ...probe, body: MALFORMED_JSON, headers: { ...probe.headers, 'content-type': 'application/json' } });

// --- reading the stack

async function currentPlacementItem(placementId: string, sub: string): Promise<{ id: string; options: { id: string }[] }> {
  const res = await stack.request('GET', `/v1/placements/${placementId}/item`, { as: 'tasker', sub });
  if (res.status !== 200) throw new Error(`the current item of ${placementId}: HTTP ${res.status} ${res.text}`);
  return res.json<{ item: { id: string; options: { id: string }[] } }>().item;
}

async function currentQuizItem(quizId: string, sub: string): Promise<{ id: string; options: { id: string }[] }> {
  const res = await stack.request('GET', `/v1/quizzes/${quizId}`, { as: 'tasker', sub });
  const item = res.json<{ item?: { id: string; options: { id: string }[] } }>().item;
  if (res.status !== 200 || !item) throw new Error(`the current item of quiz ${quizId}: HTTP ${res.status} ${res.text}`);
  return item;
}

/** every item of every table of this file, as sorted JSON lines: what "nothing written" is checked against */
async function tableContents(): Promise<Set<string>> {
  const lines = new Set<string>();
  const setsAsArrays = (_key: string, value: unknown) => (value instanceof Set ? [...(value as Set<unknown>)].sort() : value);
  for (const [name, table] of Object.entries(stack.tableNames)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await stack.ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) lines.add(`${name} ${JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))), setsAsArrays)}`);
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return lines;
}

/**
 * What was written between two reads of the tables. `countedCallers`: their own rate counters (docs/security.md,
 * "Rate limits") may move, since a limited route counts every validated attempt, a probe of someone else's id
 * included; nothing else may.
 */
function changes(before: Set<string>, after: Set<string>, countedCallers: readonly string[] = []): { added: string[]; removed: string[] } {
  const counters = countedCallers.map((sub) => new RegExp(`^idempotency .*"id":"rate#[^#"]+#${sub}#`));
  const other = (line: string) => !counters.some((counter) => counter.test(line));
  return { added: [...after].filter((l) => !before.has(l) && other(l)), removed: [...before].filter((l) => !after.has(l) && other(l)) };
}

// --- the fixtures: one per route id

const pathTasker = (suffix: string): RouteFixture => ({
  owner: PLACED,
  foreignOwner: OTHER,
  probe: (target) => ({ path: `/v1/taskers/${{ own: PLACED, foreign: OTHER, unknown: GHOST }[target]}${suffix}` }),
});

const FIXTURES: Record<string, RouteFixture> = {
  GetHealth: { owner: PLACED, probe: () => ({ path: '/v1/health' }) },
  GetOpenApi: { owner: PLACED, probe: () => ({ path: '/v1/openapi.json' }) },
  GetMe: { owner: PLACED, probe: () => ({ path: '/v1/me' }) },
  ImportItems: { owner: PLACED, probe: () => ({ path: '/v1/items/batch', body: { items: [SEED_ITEM] } }) },
  PublishBlueprint: { owner: PLACED, probe: () => ({ path: '/v1/blueprints', body: BLUEPRINT }) },
  ListBlueprints: { owner: PLACED, probe: () => ({ path: '/v1/blueprints' }) },
  GetBlueprintInformation: { owner: PLACED, probe: () => ({ path: '/v1/blueprints/general-placement/information' }) },
  StartPlacement: { owner: PLACED, probe: () => ({ path: '/v1/placements', body: { taskerId: unique('authz-new'), profile: { declaredDomains: [] } } }) },
  GetPlacementItem: {
    owner: ACTIVE,
    foreignOwner: ACTIVE_OTHER,
    probe: (target) => ({ path: `/v1/placements/${{ own: ids.activePlacement, foreign: ids.activeOtherPlacement, unknown: 'authz-no-placement' }[target]}/item` }),
  },
  SubmitPlacementResponse: {
    owner: ACTIVE,
    foreignOwner: ACTIVE_OTHER,
    probe: async (target) => {
      const placementId = { own: ids.activePlacement, foreign: ids.activeOtherPlacement, unknown: 'authz-no-placement' }[target];
      const item = await currentPlacementItem(target === 'own' ? ids.activePlacement : ids.activeOtherPlacement, target === 'own' ? ACTIVE : ACTIVE_OTHER);
      return { path: `/v1/placements/${placementId}/responses`, headers: idempotencyKey(), body: { itemId: item.id, answer: item.options[0]!.id } };
    },
  },
  GetPlacement: { owner: PLACED, foreignOwner: OTHER, probe: (target) => ({ path: `/v1/placements/${{ own: ids.placedPlacement, foreign: ids.otherPlacement, unknown: 'authz-no-placement' }[target]}` }) },
  ListTaskerPlacements: pathTasker('/placements'),
  StartQuiz: {
    owner: PLACED,
    // no tasker id can be named: "foreign" tries to name one in the body
    probe: (target) => ({ path: '/v1/quizzes', body: { skill: 'writing-quality', length: 1, ...(target === 'own' ? {} : { taskerId: OTHER }) } }),
  },
  SubmitQuizResponse: {
    owner: PLACED,
    foreignOwner: OTHER,
    probe: async (target) => {
      const quizId = { own: ids.ownQuiz, foreign: ids.otherQuiz, unknown: 'authz-no-quiz' }[target];
      const item = await currentQuizItem(target === 'own' ? ids.ownQuiz : ids.otherQuiz, target === 'own' ? PLACED : OTHER);
      return { path: `/v1/quizzes/${quizId}/responses`, headers: idempotencyKey(), body: { itemId: item.id, answer: item.options[0]!.id } };
    },
  },
  GetQuiz: { owner: PLACED, foreignOwner: OTHER, probe: (target) => ({ path: `/v1/quizzes/${{ own: ids.ownQuiz, foreign: ids.otherQuiz, unknown: 'authz-no-quiz' }[target]}` }) },
  PutErrorTag: { owner: PLACED, probe: () => ({ path: '/v1/error-tags/authz-tag', body: { description: 'a mistake of the matrix', skill: 'coding', study: 'the matrix' } }) },
  ListErrorTags: { owner: PLACED, probe: () => ({ path: '/v1/error-tags' }) },
  PutTrackDefinition: {
    owner: PLACED,
    probe: () => ({ path: `/v1/tracks/${encodeURIComponent('expert:authz')}`, body: { kind: 'expert', title: 'Expert: authz', skills: ['authz'], entry: [{ skill: 'authz', minTheta: 0.8 }] } }),
  },
  ListTrackDefinitions: { owner: PLACED, probe: () => ({ path: '/v1/tracks' }) },
  GetTrackDefinition: { owner: PLACED, probe: () => ({ path: `/v1/tracks/${ids.trackId}` }) },
  ListCourses: { owner: PLACED, probe: () => ({ path: '/v1/courses' }) },
  PutCourse: { owner: PLACED, probe: () => ({ path: `/v1/courses/${COURSE_OWN}`, body: COURSE }) },
  GetCourse: { owner: PLACED, foreignOwner: OTHER, probe: (target) => ({ path: `/v1/courses/${{ own: COURSE_OWN, foreign: COURSE_OTHER, unknown: 'authz-course-none' }[target]}` }) },
  EnrollTasker: { owner: PLACED, probe: () => ({ path: `/v1/taskers/${PLACED}/enrollments`, headers: idempotencyKey(), body: { courseId: COURSE_OWN } }) },
  ListTaskerEnrollments: pathTasker('/enrollments'),
  ListTaskers: { owner: PLACED, probe: () => ({ path: `/v1/taskers?track=${encodeURIComponent(ids.placedTrack)}` }) },
  GetTasker: pathTasker(''),
  MoveTaskerTrack: {
    owner: PLACED,
    probe: () => ({ path: `/v1/taskers/${OTHER}/track`, headers: idempotencyKey(), body: { track: ids.placedTrack === 'generalist' ? 'remedial:math' : 'generalist', reason: 'authorization matrix' } }),
  },
  ScheduleReassessment: { owner: PLACED, probe: () => ({ path: '/v1/taskers/authz-reassessed/reassessment', body: { blueprintId: 'general-placement', reason: 'authorization matrix' } }) },
  CancelReassessment: { owner: PLACED, probe: () => ({ path: '/v1/taskers/authz-reassessed/reassessment' }) },
  EraseTasker: { owner: PLACED, probe: () => ({ path: `/v1/taskers/${ERASED}` }) },
  PutRemediationRule: { owner: PLACED, probe: () => ({ path: '/v1/remediation-rules/authz-rule', body: REMEDIATION_RULE }) },
  ListRemediationRules: { owner: PLACED, probe: () => ({ path: '/v1/remediation-rules' }) },
  PostQualitySignal: { owner: PLACED, probe: () => ({ path: `/v1/taskers/${PLACED}/quality-signals`, headers: idempotencyKey(), body: { skill: 'coding', score: 0.9 } }) },
  CreateBulkReroute: { owner: PLACED, probe: () => ({ path: '/v1/bulk-reroutes', headers: idempotencyKey(), body: BULK_REROUTE }) },
  GetBulkReroute: { owner: PLACED, probe: () => ({ path: `/v1/bulk-reroutes/${ids.bulkReroute}` }) },
  ApplyBulkReroute: { owner: PLACED, probe: () => ({ path: `/v1/bulk-reroutes/${ids.bulkReroute}/apply` }) },
  ListTaskerAudit: pathTasker('/audit'),
  ListQualitySignals: pathTasker('/quality-signals'),
  RequestCalibration: { owner: PLACED, probe: () => ({ path: '/v1/calibrations', body: {} }) },
  ListCalibrations: { owner: PLACED, probe: () => ({ path: '/v1/calibrations' }) },
  GetCalibration: { owner: PLACED, probe: () => ({ path: `/v1/calibrations/${ids.calibration}` }) },
  ApproveCalibration: { owner: PLACED, probe: () => ({ path: `/v1/calibrations/${ids.calibration}/approve` }) },
  GetItemHealth: { owner: PLACED, probe: () => ({ path: '/v1/items/authz-item/health' }) },
  ListItemHealth: { owner: PLACED, probe: () => ({ path: '/v1/items/health' }) },
  GetInsightErrors: { owner: PLACED, probe: () => ({ path: '/v1/insights/errors' }) },
  GetInsightCourse: { owner: PLACED, probe: () => ({ path: `/v1/insights/courses/${COURSE_OWN}` }) },
};

/** the route's path parameters as a probe filled them in; throws when the probe is not a path of this route */
function pathParameters(route: RouteDefinition, probe: Probe): Record<string, string> {
  const names: string[] = [];
  const pattern = route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/?]+)';
  });
  const match = new RegExp(`^${pattern}(?:\\?.*)?$`).exec(probe.path);
  if (!match) throw new Error(`the fixture of ${route.id} probes ${probe.path}, not a path of ${route.method} ${route.path}`);
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
}

/** a 404 as the caller sees it, with the probed id told apart in the message (and the request id dropped) */
function notFoundAsSeen(res: LocalResponse, id: string) {
  const { error } = res.json<ErrorBody>();
  return { status: res.status, code: error.code, message: error.message.split(id).join('<id>'), details: error.details };
}

const MATRIX = new Map<string, AuthzRow>(authorizationMatrix(ROUTES).map((row) => [row.id, row]));

// --- the stack, and the objects the fixtures name

beforeAll(async () => {
  // the insights route reads the local analytics dataset: an empty one of this file's own
  dataDir = mkdtempSync(join(tmpdir(), 'theta-authz-e2e-'));
  process.env.THETA_DATA_DIR = dataDir;
  stack = await startLocalStack({ seed: true });

  [ids.placedPlacement, ids.otherPlacement] = await Promise.all([completePlacement(stack, PLACED), completePlacement(stack, OTHER)]);
  for (const [tasker, key] of [[ACTIVE, 'activePlacement'], [ACTIVE_OTHER, 'activeOtherPlacement'], [ERASED, undefined]] as const) {
    const res = await stack.post('/v1/placements', { taskerId: tasker, profile: { declaredDomains: [] } }, { as: 'onboarding', sub: 'authz-onboarding' });
    if (res.status !== 201) throw new Error(`placement of ${tasker}: HTTP ${res.status} ${res.text}`);
    if (key) ids[key] = res.json<{ placementId: string }>().placementId;
  }
  for (const [tasker, skill, key] of [[PLACED, 'coding', 'ownQuiz'], [OTHER, 'math', 'otherQuiz']] as const) {
    const res = await stack.post('/v1/quizzes', { skill, length: 3 }, { as: 'tasker', sub: tasker });
    if (res.status !== 201) throw new Error(`quiz of ${tasker}: HTTP ${res.status} ${res.text}`);
    ids[key] = res.json<{ quizId: string }>().quizId;
  }
  for (const [course, tasker] of [[COURSE_OWN, PLACED], [COURSE_OTHER, OTHER]] as const) {
    const put = await stack.put(`/v1/courses/${course}`, COURSE, { as: 'author', sub: 'authz-author' });
    if (put.status !== 201) throw new Error(`course ${course}: HTTP ${put.status} ${put.text}`);
    const enrol = await stack.post(`/v1/taskers/${tasker}/enrollments`, { courseId: course }, { as: 'ops', sub: 'authz-ops', headers: idempotencyKey() });
    if (enrol.status !== 201) throw new Error(`enrollment of ${tasker}: HTTP ${enrol.status} ${enrol.text}`);
  }
  const bulk = await stack.post('/v1/bulk-reroutes', BULK_REROUTE, { as: 'ops', sub: 'authz-ops', headers: idempotencyKey() });
  if (bulk.status !== 201) throw new Error(`bulk reroute: HTTP ${bulk.status} ${bulk.text}`);
  ids.bulkReroute = bulk.json<{ job: { id: string } }>().job.id;
  const calibration = await stack.post('/v1/calibrations', {}, { as: 'author', sub: 'authz-author' });
  if (calibration.status !== 202) throw new Error(`calibration: HTTP ${calibration.status} ${calibration.text}`);
  ids.calibration = calibration.json<{ id: string }>().id;
  const tracks = await stack.get('/v1/tracks', { as: 'ops', sub: 'authz-ops' });
  ids.trackId = tracks.json<{ tracks: { id: string }[] }>().tracks[0]!.id;
  const tasker = await stack.get(`/v1/taskers/${PLACED}`, { as: 'ops', sub: 'authz-ops' });
  ids.placedTrack = tasker.json<{ track: { track: string } }>().track.track;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// --- the walk: refused callers and foreign ids first (nothing may be written), then the allowed callers

/** the tokens without a Theta role: no groups at all, and groups that are not Theta roles */
const REFUSED = ['no-role', 'unknown-role'] as const;
/** who unlimited roles speak for: never the owner of the probed objects, so "any object" is what is shown */
const STAFF = 'authz-staff';
const EACH_ROUTE = ROUTES.map((route) => [route.id, route] as const);

const rowOf = (route: RouteDefinition) => MATRIX.get(route.id)!;
const callersOf = (route: RouteDefinition, kind: string) => AUTHZ_CALLERS.filter((caller) => rowOf(route).cells[caller].kind === kind);
function fixtureOf(route: RouteDefinition): RouteFixture {
  const fixture = FIXTURES[route.id];
  if (!fixture) throw new Error(`no fixture for ${route.id}: add one to FIXTURES (the matrix has a row for it)`);
  return fixture;
}

describe('every route has a fixture', () => {
  test.each(EACH_ROUTE)('%s: a fixture whose probes are paths of this route', async (_id, route) => {
    pathParameters(route, await fixtureOf(route).probe('own'));
  });
});

// Each table is read whole before and after each block below (not per route: a whole read costs ~0.3 s).
describe('refused callers: 403 (no token: 401), even with a malformed body, and nothing is written', () => {
  let before: Set<string>;
  beforeAll(async () => {
    before = await tableContents();
  });

  test.each(EACH_ROUTE)('%s', async (_id, route) => {
    const fixture = fixtureOf(route);
    if (route.public) return expect(callersOf(route, 'public')).toEqual([...AUTHZ_CALLERS]);
    expect(rowOf(route).cells['no-role'].kind).toBe('forbidden');
    // the role decides, not the subject: each token speaks for the owner of the probed object
    const forbidden = [...(callersOf(route, 'forbidden').filter((caller) => caller !== 'no-role') as DevRole[]), ...REFUSED];
    for (const caller of forbidden) {
      const probe = await fixture.probe('own');
      const token = await tokenOf(caller, fixture.owner);
      for (const attempt of route.contract.body ? [probe, malformed(probe)] : [probe]) {
        const res = await send(route, attempt, token);
        expect({ caller, status: res.status, code: res.json<ErrorBody>().error.code }).toEqual({ caller, status: 403, code: 'forbidden_role' });
      }
    }
    const probe = await fixture.probe('own');
    for (const attempt of route.contract.body ? [probe, malformed(probe)] : [probe]) {
      const res = await send(route, attempt, undefined);
      expect({ caller: 'no-token', status: res.status }).toEqual({ caller: 'no-token', status: 401 });
    }
  });

  test('nothing was written by any of them', async () => {
    expect(changes(before, await tableContents())).toEqual({ added: [], removed: [] });
  });
});

describe("callers limited to their own objects: someone else's is the unknown id's 404, and nothing is written", () => {
  let before: Set<string>;
  beforeAll(async () => {
    before = await tableContents();
  });
  const limitedRoutes = EACH_ROUTE.filter(([, route]) => route.contract.ownership !== undefined);

  test.each(limitedRoutes)('%s', async (_id, route) => {
    const fixture = fixtureOf(route);
    const limited = callersOf(route, 'own') as DevRole[];
    expect(limited.length).toBeGreaterThan(0);
    for (const caller of limited) {
      const token = await tokenOf(caller, fixture.owner);
      if (route.contract.ownership!.by === 'token-subject') {
        // nothing in the path names a tasker, and the body cannot either
        const res = await send(route, await fixture.probe('foreign'), token);
        expect(res.status).toBe(400);
        expect(res.json<{ error: { details: { path: string }[] } }>().error.details).toContainEqual(expect.objectContaining({ path: 'body.taskerId' }));
        continue;
      }
      const foreignProbe = await fixture.probe('foreign');
      const unknownProbe = await fixture.probe('unknown');
      const foreign = await send(route, foreignProbe, token);
      const unknown = await send(route, unknownProbe, token);
      expect({ caller, status: foreign.status }).toEqual({ caller, status: 404 });
      expect(notFoundAsSeen(foreign, pathParameters(route, foreignProbe).id!)).toEqual(notFoundAsSeen(unknown, pathParameters(route, unknownProbe).id!));
      expect(pathParameters(route, foreignProbe).id).not.toEqual(pathParameters(route, unknownProbe).id);
    }
  });

  test("nothing was written by any of them (but the callers' own rate counters)", async () => {
    const owners = [...new Set(limitedRoutes.map(([, route]) => fixtureOf(route).owner))];
    expect(changes(before, await tableContents(), owners)).toEqual({ added: [], removed: [] });
  });

  // after the check above: the reads below are the owners' own, and harmless, but outside the no-write window
  test.each(limitedRoutes.filter(([, route]) => route.contract.ownership!.by !== 'token-subject'))("%s: the foreign object is real (its owner finds it)", async (_id, route) => {
    const fixture = fixtureOf(route);
    expect(fixture.foreignOwner).toBeDefined();
    // reads only: a command's ids are those of the matching read (GetPlacementItem, GetQuiz)
    if (route.method !== 'GET') return;
    for (const caller of callersOf(route, 'own')) {
      const res = await send(route, await fixture.probe('foreign'), await tokenOf(caller as DevRole, fixture.foreignOwner!));
      expect({ caller, owner: fixture.foreignOwner, status: res.status }).toEqual({ caller, owner: fixture.foreignOwner, status: 200 });
    }
  });
});

describe('allowed callers get through: neither 401, 403 nor a 5xx (an ownership route: nor 404); a malformed body is their 400', () => {
  test.each(EACH_ROUTE)('%s', async (_id, route) => {
    const fixture = fixtureOf(route);
    const row = rowOf(route);
    const allowed = [...callersOf(route, 'public'), ...callersOf(route, 'allowed'), ...callersOf(route, 'own')];
    expect(allowed.length).toBeGreaterThan(0);
    const namesAnObject = route.contract.ownership !== undefined && route.contract.ownership.by !== 'token-subject';
    for (const caller of allowed) {
      const probe = await fixture.probe('own');
      const token = caller === 'no-token' ? undefined : await tokenOf(caller, row.cells[caller].kind === 'own' ? fixture.owner : STAFF);
      const res = await send(route, probe, token);
      // on an ownership route the object exists: the owner, and an unlimited role speaking for someone else, find it
      const outcome = { refused: [401, 403].includes(res.status), serverError: res.status >= 500, notFound: namesAnObject && res.status === 404 };
      expect({ caller, status: res.status, ...outcome }).toEqual({ caller, status: res.status, refused: false, serverError: false, notFound: false });
      if (route.contract.body) {
        const bad = await send(route, malformed(await fixture.probe('own')), token);
        expect({ caller, status: bad.status }).toEqual({ caller, status: 400 });
      }
    }
  });
});
