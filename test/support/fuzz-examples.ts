// Valid request bodies, one per route with a body, that the route fuzzer (test/e2e/fuzz-routes.test.ts) breaks one
// field at a time: a near-valid body reaches the refinements and the domain's own whole-body validation, which a
// random body never gets past. The fuzz test checks each is valid under its route's contract.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { REPO_ROOT } from '@theta/local';

const seedFile = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed', path), 'utf8')) as Record<string, unknown>;

export const VALID_BODIES: Record<string, unknown> = {
  ImportItems: { items: [(seedFile('items.json').items as unknown[])[0]] },
  PublishBlueprint: { ...seedFile('blueprints/general-placement.json'), id: 'fuzz-placement' },
  StartPlacement: { taskerId: 'fuzz-new-tasker', profile: { declaredDomains: ['coding'], educationLevel: 'bachelor' }, blueprintId: 'general-placement' },
  SubmitPlacementResponse: { itemId: 'fuzz-item', answer: 'a', elapsedMs: 1200 },
  StartQuiz: { skill: 'coding', length: 2 },
  SubmitQuizResponse: { itemId: 'fuzz-item', answer: 'a', elapsedMs: 1200 },
  PutErrorTag: { description: 'a mistake', skill: 'coding', study: 'loops' },
  PutTrackDefinition: { kind: 'expert', title: 'Expert: fuzz', skills: ['fuzz'], entry: [{ skill: 'fuzz', minTheta: 0.8 }] },
  PutCourse: {
    title: 'Fuzz course',
    skills: ['coding'],
    modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding', length: 2 }, pass: { minCorrectShare: 0.5 } }],
    exitBlueprintId: 'default',
    variants: [{ id: 'control', weight: 1 }],
  },
  EnrollTasker: { courseId: 'fuzz-course' },
  MoveTaskerTrack: { track: 'generalist', reason: 'fuzz' },
  ScheduleReassessment: { blueprintId: 'general-placement', reason: 'fuzz' },
  PutRemediationRule: { title: 'Math quality below the bar', when: { kind: 'quality-below', skill: 'math', threshold: 0.5, window: 3, minSignals: 3 }, moveTo: 'remedial:math' },
  PostQualitySignal: { skill: 'coding', score: 0.9 },
  CreateBulkReroute: { fromTrack: 'remedial:math', toTrack: 'generalist', reason: 'fuzz', rule: { kind: 'not-assessed-since', before: '2020-01-01T00:00:00Z' } },
  RequestCalibration: { blueprintId: 'general-placement' },
};

type Key = string | number;

/** every path to a value inside `value` ([] is the whole body) */
function pathsOf(value: unknown, prefix: Key[] = []): Key[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

export type Mutation = { op: 'replace'; at: Key[]; value: string } | { op: 'delete'; at: Key[] } | { op: 'add'; at: Key[]; key: string; value: string };

function setOwn(target: Record<Key, unknown>, key: Key, value: unknown): void {
  // defineProperty: `__proto__` becomes an own key (as JSON.parse makes it), not the prototype
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// where a mutation's value goes: the value's JSON text is spliced in after JSON.stringify, so it reaches the wire
// exactly as generated (duplicate keys, 1e309, nesting deeper than JSON.stringify can recurse)
const SLOT = 'fuzz-value-slot-7f3a';

/** the example with one mutation applied, as JSON text */
export function applyMutation(example: unknown, mutation: Mutation): string {
  const root: { body: unknown } = { body: structuredClone(example) };
  const at: Key[] = ['body', ...mutation.at];
  const parent = at.slice(0, -1).reduce<unknown>((node, key) => (node as Record<Key, unknown>)[key], root) as Record<Key, unknown>;
  const last = at[at.length - 1]!;
  if (mutation.op === 'replace') setOwn(parent, last, SLOT);
  else if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const node = parent[last];
    if (node && typeof node === 'object' && !Array.isArray(node)) setOwn(node as Record<Key, unknown>, mutation.key, SLOT);
    else if (Array.isArray(node)) node.push(SLOT);
    else setOwn(parent, last, { [mutation.key]: SLOT });
  }
  const text = JSON.stringify(root.body) ?? 'null';
  return mutation.op === 'delete' ? text : text.split(JSON.stringify(SLOT)).join(mutation.value);
}

/** one mutation of the example: a value replaced (by `values`, JSON text), a field deleted, or a field added */
export function mutationOf(example: unknown, values: fc.Arbitrary<string>, keys: fc.Arbitrary<string>): fc.Arbitrary<Mutation> {
  const paths = pathsOf(example);
  const inner = paths.filter((p) => p.length > 0);
  const at = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(inner.length > 0 ? fc.constantFrom(...inner) : at, values).map(([p, value]): Mutation => ({ op: 'replace', at: p, value })) },
    ...(inner.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...inner).map((p): Mutation => ({ op: 'delete', at: p })) }] : []),
    { weight: 1, arbitrary: fc.tuple(at, keys, values).map(([p, key, value]): Mutation => ({ op: 'add', at: p, key, value })) },
  );
}
