// npm run insights over an exported log: tables by default, --json, and option errors that name the option.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, plantedCourseData } from '@theta/insights';
import { parseArgs } from '../src/cli/args';
import { runInsightsCli } from '../src/cli/main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'theta-insights-cli-'));
  const lines = [
    { taskerId: 't1', itemId: 'i1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: -1 },
    { taskerId: 't2', itemId: 'i1', score: 1, at: '2026-12-01T11:00:00.000Z', answer: 'A', errorTag: null, skill: 'math', thetaBefore: 1 },
    { taskerId: 't3', itemId: 'i1', score: 0, at: '2026-12-02T11:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: 0 },
  ];
  writeFileSync(join(dir, 'log.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
  writeFileSync(join(dir, 'bad.jsonl'), '{"taskerId":"t1","itemId":"i1","score":0}\n');
  // a course export: the response log plus its siblings (what npm run export:analytics writes)
  const planted = plantedCourseData({ courseId: 'c-cli', skill: 'math', gains: { control: 0, effective: 0.4, ineffective: 0 }, perVariant: 150, seed: 3 });
  writeFileSync(join(dir, 'course.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
  writeFileSync(join(dir, 'course.enrollments.jsonl'), planted.enrollments.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(join(dir, 'course.measurements.jsonl'), planted.measurements.map((m) => JSON.stringify(m)).join('\n'));
  writeFileSync(join(dir, 'bad.measurements.jsonl'), `${JSON.stringify(planted.measurements[0])}\n${JSON.stringify({ ...planted.measurements[1], se: 0 })}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runInsightsCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { THETA_DATA_DIR: dir } });
  return { code, out, err };
}

test('errors --log: a table with the tag, its count and its rate with interval', async () => {
  const { code, out } = await run(['errors', '--log', join(dir, 'log.jsonl')]);
  expect(code).toBe(0);
  expect(out).toContain('3 responses');
  expect(out).toMatch(/1\s+math\s+slip\s+2\s+66\.7% \[20\.8–93\.9\] n=3/);
});

test('--json: the report; sync then errors without --log reads the Parquet dataset', async () => {
  const json = JSON.parse((await run(['errors', '--log', join(dir, 'log.jsonl'), '--json'])).out);
  expect(json.errors[0]).toMatchObject({ errorTag: 'slip', count: 2, rate: { x: 2, n: 3 } });
  expect((await run(['sync', '--log', join(dir, 'log.jsonl')])).out).toMatch(/wrote 3 responses/);
  const fromDataset = JSON.parse((await run(['errors', '--json', '--from', '2026-12-01', '--to', '2026-12-03'])).out);
  expect(fromDataset.errors[0]).toMatchObject({ errorTag: 'slip', count: 2 });
});

test('a bad log line is named FILE:LINE: FIELD (exit 1); bad options exit 2', async () => {
  const bad = await run(['errors', '--log', join(dir, 'bad.jsonl')]);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('bad.jsonl:1: at: is required');
  expect((await run(['nope'])).code).toBe(2);
  expect(() => parseArgs(['errors', '--top', '0'])).toThrow('--top: must be a whole number ≥ 1');
  expect(() => parseArgs(['errors', '--from', 'soon'])).toThrow('--from: must be an ISO 8601');
  expect(() => parseArgs(['sync'])).toThrow('--log FILE.jsonl is required');
});

test('course ID --log: the siblings are read; the effective variant is better, the ineffective one not (tables)', async () => {
  const { code, out, err } = await run(['course', 'c-cli', '--log', join(dir, 'course.jsonl')]);
  expect([code, err]).toEqual([0, '']);
  expect(out).toContain('course c-cli, skill math: 450 enrolled');
  expect(out).toMatch(/effective vs control .* effective better than control/);
  expect(out).toMatch(/ineffective vs control .* no significant difference \(yet\)/);
  expect(out).toMatch(/τ = 0\.3, α = 0\.05/);
});

test('course --json: the route body with every tasker; --treatment one pair; an unknown variant is an error', async () => {
  const json = JSON.parse((await run(['course', 'c-cli', '--enrollments', join(dir, 'course.enrollments.jsonl'), '--measurements', join(dir, 'course.measurements.jsonl'), '--json'])).out);
  expect(json.comparisons.map((c: { treatment: string; sequential: { reject: boolean } }) => [c.treatment, c.sequential.reject])).toEqual([['effective', true], ['ineffective', false]]);
  expect(json.taskers).toMatchObject({ total: 450, shown: 450 });
  const pair = JSON.parse((await run(['course', 'c-cli', '--log', join(dir, 'course.jsonl'), '--treatment', 'ineffective', '--json'])).out);
  expect(pair.comparisons).toHaveLength(1);
  const unknown = await run(['course', 'c-cli', '--log', join(dir, 'course.jsonl'), '--control', 'nope']);
  expect(unknown.code).toBe(1);
  expect(unknown.err).toContain("--control: no variant 'nope' among the enrolments of c-cli (control, effective, ineffective)");
});

test('sync writes every kind; course and items then read the dataset without files', async () => {
  expect((await run(['sync', '--log', join(dir, 'course.jsonl')])).out).toMatch(/wrote 3 responses, 450 enrollments, 2250 measurements/);
  const course = await run(['course', 'c-cli']);
  expect(course.code).toBe(0);
  expect(course.out).toMatch(/effective vs control .* effective better than control/);
  const items = await run(['items', '--from', '2026-12-01', '--to', '2026-12-03']);
  expect(items.out).toContain('3 responses, 1 items');
  expect(items.out).toMatch(/i1\s+math\s+3\s+33\.3% \[6\.1–79\.2\] n=3\s+B 66\.7% \(slip\) {2}A\* 33\.3%/);
  expect(JSON.parse((await run(['items', '--json', '--from', '2026-12-01', '--to', '2026-12-03'])).out).items[0]).toMatchObject({ itemId: 'i1', n: 3 });
});

test('a bad enrolment or measurement line is named FILE:LINE: FIELD; course options are checked', async () => {
  const bad = await run(['course', 'c-cli', '--measurements', join(dir, 'bad.measurements.jsonl')]);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('bad.measurements.jsonl:2: se: ');
  expect(() => parseArgs(['course'])).toThrow('course: needs the course id');
  expect(() => parseArgs(['course', 'c', '--proficient-theta', 'high'])).toThrow('--proficient-theta: must be a number');
  expect(parseArgs(['course', 'c', '--proficient-theta', '-0.5']).proficientTheta).toBe(-0.5);
});

describe('track changes and projects', () => {
  const changes = [
    { taskerId: 't1', from: null, to: 'generalist', at: '2026-12-01T10:05:00.000Z', actor: { kind: 'placement', id: 'placement' }, reason: 'math ≥ cut', rule: 'generalist-cut', placementId: 'pl-1' },
    { taskerId: 't1', from: 'generalist', to: 'remedial:math', at: '2026-12-02T09:00:00.000Z', actor: { kind: 'person', id: 'ops-1' }, reason: 'slips', moveId: 'mv-1' },
    { taskerId: 't3', from: 'generalist', to: 'expert:math', at: '2026-12-03T00:00:00.000Z', actor: { kind: 'rule', id: 'promote', version: 2 }, reason: 'rule', moveId: 'mv-2' },
  ];
  // t1 and t3 answered in project apollo's placement, t2 in a general one
  const projectLines = [
    { taskerId: 't1', itemId: 'p1', score: 0, at: '2026-12-01T10:00:00.000Z', answer: 'B', errorTag: 'slip', skill: 'math', thetaBefore: -1, projectId: 'apollo' },
    { taskerId: 't2', itemId: 'i1', score: 0, at: '2026-12-01T11:00:00.000Z', answer: 'C', errorTag: 'unit-error', skill: 'math', thetaBefore: 1 },
    { taskerId: 't3', itemId: 'p1', score: 1, at: '2026-12-02T11:00:00.000Z', answer: 'A', errorTag: null, skill: 'math', thetaBefore: 0, projectId: 'apollo' },
  ];
  beforeAll(() => {
    writeFileSync(join(dir, 'tracks.jsonl'), projectLines.map((l) => JSON.stringify(l)).join('\n'));
    writeFileSync(join(dir, 'tracks.track-changes.jsonl'), changes.map((c) => JSON.stringify(c)).join('\n'));
    writeFileSync(join(dir, 'bad.track-changes.jsonl'), `${JSON.stringify(changes[0])}\n${JSON.stringify({ ...changes[1], actor: { kind: 'robot', id: 'x' } })}\n`);
  });

  test('errors --project P: only that project’s responses; without it, all of them', async () => {
    const project = JSON.parse((await run(['errors', '--log', join(dir, 'tracks.jsonl'), '--project', 'apollo', '--json'])).out);
    expect(project.filters.projectId).toBe('apollo');
    expect(project.responses).toBe(2);
    expect(project.errors.map((e: { errorTag: string; count: number }) => [e.errorTag, e.count])).toEqual([['slip', 1]]);
    const all = JSON.parse((await run(['errors', '--log', join(dir, 'tracks.jsonl'), '--json'])).out);
    expect(all.responses).toBe(3);
    expect(all.errors.map((e: { errorTag: string }) => e.errorTag).sort()).toEqual(['slip', 'unit-error']);
    const other = JSON.parse((await run(['errors', '--log', join(dir, 'tracks.jsonl'), '--project', 'zeus', '--json'])).out);
    expect(other.responses).toBe(0);
    expect(parseArgs(['errors', '--project', 'apollo']).projectId).toBe('apollo');
  });

  test('sync writes the track changes next to the responses (Parquet by dt), every column as in the file', async () => {
    const synced = await run(['sync', '--log', join(dir, 'tracks.jsonl')]);
    expect(synced.out).toMatch(/wrote 3 responses, 3 track_changes/);
    const c = await openDuckDb();
    try {
      const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();
      const rows = await read(
        `SELECT tasker_id, from_track, to_track, strftime(changed_at, '%Y-%m-%dT%H:%M:%S') AS at, actor_kind, actor_id, rule_version, reason, rule, placement_id, project_id, move_id, dt
           FROM read_parquet('${join(dir, 'analytics', 'track_changes')}/dt=*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR}) ORDER BY changed_at`,
      );
      expect(rows).toEqual([
        { tasker_id: 't1', from_track: null, to_track: 'generalist', at: '2026-12-01T10:05:00', actor_kind: 'placement', actor_id: 'placement', rule_version: null, reason: 'math ≥ cut', rule: 'generalist-cut', placement_id: 'pl-1', project_id: null, move_id: null, dt: '2026-12-01' },
        { tasker_id: 't1', from_track: 'generalist', to_track: 'remedial:math', at: '2026-12-02T09:00:00', actor_kind: 'person', actor_id: 'ops-1', rule_version: null, reason: 'slips', rule: null, placement_id: null, project_id: null, move_id: 'mv-1', dt: '2026-12-02' },
        { tasker_id: 't3', from_track: 'generalist', to_track: 'expert:math', at: '2026-12-03T00:00:00', actor_kind: 'rule', actor_id: 'promote', rule_version: 2, reason: 'rule', rule: null, placement_id: null, project_id: null, move_id: 'mv-2', dt: '2026-12-03' },
      ]);
      const projects = await read(`SELECT item_id, project_id FROM read_parquet('${join(dir, 'analytics', 'responses')}/dt=*/*.parquet') ORDER BY answered_at`);
      expect(projects).toEqual([
        { item_id: 'p1', project_id: 'apollo' },
        { item_id: 'i1', project_id: null },
        { item_id: 'p1', project_id: 'apollo' },
      ]);
    } finally {
      c.closeSync();
    }
    // the errors insight over that dataset, filtered by project
    expect(JSON.parse((await run(['errors', '--project', 'apollo', '--from', '2026-12-01', '--to', '2026-12-04', '--json'])).out).responses).toBe(2);
  });

  test('a bad track-change line is named FILE:LINE: FIELD', async () => {
    const bad = await run(['sync', '--track-changes', join(dir, 'bad.track-changes.jsonl')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('bad.track-changes.jsonl:2: actor.kind: ');
  });
});
