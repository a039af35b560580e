// The DynamoDB permissions of every REAL route (functions/routes.ts), written out literally. Adding an
// action to a route, or a route, fails this test until the expectation below is changed on purpose:
// each line here is a reviewed claim about what that function's code does (packages/store is the
// only caller of DynamoDB; the local stack's IAM emulation proves the e2e suite needs no more).
import type { CfnElement } from 'aws-cdk-lib';
import { JOBS } from '@theta/functions/jobs';
import { ROUTES } from '@theta/functions/routes';
import { dynamoGrants, synth, type Synthesized } from './helpers';

let dev: Synthesized;

beforeAll(() => {
  dev = synth({ context: { stage: 'dev' } });
});

/** Powertools idempotency on its table: read the record, claim it, complete it, delete it when the command fails. */
const IDEMPOTENCY = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** the per-caller rate counters (docs/security.md, "Rate limits") */
const RATE_COUNTERS = ['dynamodb:UpdateItem'];
/** reading a published bank: blueprint, items by key; snapshot parts by Query on the table (never the GSI) */
const BANK_READS = ['dynamodb:GetItem', 'dynamodb:Query'];
/** session + attempts ledger by key, transactional Puts, the idle-expiry Update of the ledger; no Query, no GSI */
const SESSION = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

const EXPECTED: Record<string, Record<string, string[]>> = {
  // readiness probe: GetItem of one never-existing key on the least sensitive table
  GetHealth: { idempotency: ['dynamodb:GetItem'] },
  GetOpenApi: {},
  GetMe: {},
  // + Query: the error taxonomy's one partition (an option's tag must be in it)
  ImportItems: { bank: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query'] },
  PublishBlueprint: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], 'bank/index/gsi1': ['dynamodb:Query'] },
  // the list: the LATEST rows' summaries on gsi2, nothing on the table itself
  ListBlueprints: { 'bank/index/gsi2': ['dynamodb:Query'] },
  GetBlueprintInformation: { bank: BANK_READS },
  StartPlacement: { bank: BANK_READS, sessions: SESSION, idempotency: IDEMPOTENCY },
  GetPlacementItem: { bank: BANK_READS, sessions: SESSION },
  // idempotent through the session (no idempotency table); Query: a late retry's answer among the placement's responses
  // + after completion (docs/remediation.md): a course exit's enrollment and a firing rule's move read by key
  SubmitPlacementResponse: { bank: BANK_READS, sessions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], idempotency: RATE_COUNTERS },
  // the view needs the session only: no bank access (the table's name is passed for the composition root)
  GetPlacement: { sessions: SESSION },
  // the tasker's placements: Query on the sessions' gsi1 only
  ListTaskerPlacements: { 'sessions/index/gsi1': ['dynamodb:Query'] },
  // ops' list: one track partition of the PROFILE rows' gsi1, nothing on the table itself
  ListTaskers: { 'taskers/index/gsi1': ['dynamodb:Query'] },
  GetTasker: { taskers: ['dynamodb:Query'] },
  // track moves: PROFILE and the key row by key; the transaction's PROFILE Update and the audit/key/event Puts
  // + the target track's definition by key, the definitions by Query when it is absent (is the check on?)
  MoveTaskerTrack: { taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], bank: ['dynamodb:GetItem', 'dynamodb:Query'] },
  ScheduleReassessment: { bank: ['dynamodb:GetItem'], sessions: ['dynamodb:UpdateItem'] },
  CancelReassessment: { sessions: ['dynamodb:UpdateItem'] },
  // erasure (docs/security.md, "Privacy"): marker by key, partitions and indexes by Query, deletes (and the audit rows'
  // anonymous copies) in transactions, the completion's Puts; never a Scan, never BatchWriteItem
  EraseTasker: {
    taskers: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    'taskers/index/gsi1': ['dynamodb:Query'],
    sessions: ['dynamodb:DeleteItem', 'dynamodb:Query'],
    'sessions/index/gsi1': ['dynamodb:Query'],
    idempotency: ['dynamodb:DeleteItem'],
  },
  PutRemediationRule: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  ListRemediationRules: { bank: ['dynamodb:Query'] },
  PostQualitySignal: { bank: ['dynamodb:GetItem', 'dynamodb:Query'], taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] },
  CreateBulkReroute: { taskers: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  GetBulkReroute: { taskers: ['dynamodb:GetItem', 'dynamodb:Query'] },
  ApplyBulkReroute: { taskers: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  ListTaskerAudit: { taskers: ['dynamodb:GetItem', 'dynamodb:Query'] },
  ListQualitySignals: { taskers: ['dynamodb:GetItem', 'dynamodb:Query'] },
  ListCalibrations: { 'bank/index/gsi2': ['dynamodb:Query'] },
  // quizzes: practice candidates on the bank's gsi2 only, content/key/error tag by key; the session in a transaction;
  // the stored proficiency by key, seen items by Query, seen records by Put
  StartQuiz: { bank: ['dynamodb:GetItem'], 'bank/index/gsi2': ['dynamodb:Query'], sessions: ['dynamodb:PutItem'], taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], idempotency: RATE_COUNTERS },
  // + the answer's transaction (session Put, response Put) and, on completion, the PROFILE Update and HISTORY Put
  SubmitQuizResponse: {
    // + after completion: the remediation rules and track definitions (Query), the exit re-assessment's schedule (Update)
    bank: ['dynamodb:GetItem', 'dynamodb:Query'],
    'bank/index/gsi2': ['dynamodb:Query'],
    // + an error-tag-rate rule after a tagged answer: the tasker's sessions (gsi1) and their answers (Query)
    sessions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    'sessions/index/gsi1': ['dynamodb:Query'],
    taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    idempotency: RATE_COUNTERS,
  },
  GetQuiz: { bank: ['dynamodb:GetItem'], sessions: ['dynamodb:GetItem'] },
  PutErrorTag: { bank: ['dynamodb:PutItem'] },
  ListErrorTags: { bank: ['dynamodb:Query'] },
  // track definitions: the current row by key, then the pointer and version Puts in one transaction; the list by Query
  PutTrackDefinition: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  ListTrackDefinitions: { bank: ['dynamodb:Query'] },
  GetTrackDefinition: { bank: ['dynamodb:GetItem'] },
  // the list: the CUR rows on gsi2, nothing on the table itself
  ListCourses: { 'bank/index/gsi2': ['dynamodb:Query'] },
  PutCourse: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  GetCourse: { bank: ['dynamodb:GetItem'], taskers: ['dynamodb:GetItem'] },
  EnrollTasker: { bank: ['dynamodb:GetItem'], taskers: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  ListTaskerEnrollments: { taskers: ['dynamodb:Query'] },
  // calibration: the blueprint by key and the queued run by a conditional Put; reads by key and report parts by Query
  RequestCalibration: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem'], idempotency: IDEMPOTENCY },
  GetCalibration: { bank: ['dynamodb:GetItem', 'dynamodb:Query'] },
  // + the approval transaction: run, bank version pointer and audit record (Put), item parameters (Update)
  ApproveCalibration: { bank: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] },
  GetItemHealth: { bank: ['dynamodb:GetItem', 'dynamodb:Query'] },
  ListItemHealth: { bank: ['dynamodb:GetItem', 'dynamodb:Query'] },
  // no DynamoDB at all: Athena, Glue and S3 of the analytics bucket (infra/test/analytics.test.ts spells those out)
  GetInsightErrors: {},
  // the course definition by key (404, variants, skills); the outcomes from Athena (infra/test/analytics.test.ts)
  GetInsightCourse: { bank: ['dynamodb:GetItem'] },
};

test('every route has an expectation (a new route must state its grants here)', () => {
  expect(ROUTES.map((r) => r.id).sort()).toEqual(Object.keys(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))('%s: exactly these DynamoDB actions on exactly these tables and indexes', (routeId, expected) => {
  const fn = dev.stack.functions.get(routeId);
  if (!fn) throw new Error(`no function for ${routeId}`);
  const roleId = dev.stack.getLogicalId(fn.role.node.defaultChild as CfnElement);
  expect(dynamoGrants(dev, roleId)).toEqual(expected);
});

test('no real route holds Scan, batch writes or ConditionCheckItem (none of them is used)', () => {
  for (const route of ROUTES) {
    const roleId = dev.stack.getLogicalId(dev.stack.functions.get(route.id)!.role.node.defaultChild as CfnElement);
    const actions = Object.values(dynamoGrants(dev, roleId)).flat();
    for (const unused of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem']) expect(actions).not.toContain(unused);
  }
});

/** The scheduled jobs (functions/jobs.ts), written out the same way. */
const EXPECTED_JOBS: Record<string, Record<string, string[]>> = {
  // overdue slots on the IDLE partition of gsi1; the session by key; the expiry transaction (Put) and slot Updates
  ExpireIdlePlacements: { sessions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'sessions/index/gsi1': ['dynamodb:Query'] },
  // queued runs on the bank's gsi1, run and blueprint by key, items by BatchGet, run and report Puts; the log on sessions'
  // gsi2, the placements' declared profiles (DIF groups) by BatchGet
  // active jobs and a track's taskers on gsi1; state and candidates; each move as MoveTaskerTrack does it;
  // error-tag-rate: a tasker's sessions on the sessions' gsi1, their answers by Query
  RunBulkReroutes: {
    taskers: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    'taskers/index/gsi1': ['dynamodb:Query'],
    sessions: ['dynamodb:Query'],
    'sessions/index/gsi1': ['dynamodb:Query'],
  },
  RunCalibrations: { bank: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], 'bank/index/gsi1': ['dynamodb:Query'], sessions: ['dynamodb:BatchGetItem'], 'sessions/index/gsi2': ['dynamodb:Query'] },
};

test('every job has an expectation', () => {
  expect(JOBS.map((j) => j.id).sort()).toEqual(Object.keys(EXPECTED_JOBS).sort());
});

test.each(Object.entries(EXPECTED_JOBS))('job %s: exactly these DynamoDB actions on exactly these tables and indexes', (jobId, expected) => {
  const job = dev.stack.jobs.get(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  const roleId = dev.stack.getLogicalId(job.function.role.node.defaultChild as CfnElement);
  expect(dynamoGrants(dev, roleId)).toEqual(expected);
});

test('each job is invoked by an EventBridge schedule at its rate, with bounded retries', () => {
  for (const job of JOBS) {
    const fn = dev.stack.jobs.get(job.id)!.function.function;
    const rules = Object.values(dev.template.findResources('AWS::Events::Rule')).filter((rule) =>
      JSON.stringify(rule.Properties.Targets).includes(dev.stack.getLogicalId(fn.node.defaultChild as CfnElement)),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: `rate(${job.everyMinutes} ${job.everyMinutes === 1 ? 'minute' : 'minutes'})`,
      State: 'ENABLED',
      Targets: [expect.objectContaining({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: job.everyMinutes * 60 } })],
    });
  }
});
