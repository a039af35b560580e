import fc from 'fast-check';
import {
  compileBank,
  nextItem,
  recordResponse,
  startSession,
  type CatConfig,
  type CatState,
  type CompiledBank,
  type SessionOptions,
} from '../src/cat';
import { mulberry32 } from '../src/random';
import type { Item } from '../src/types';
import { answerer, bank2PL, byId } from './cat-fixtures';

function runSession(
  compiled: CompiledBank,
  items: Map<string, Item>,
  config: CatConfig,
  opts: SessionOptions,
  seed: number,
  theta: number,
): CatState {
  let state = startSession(config, compiled, opts);
  const rng = mulberry32(seed);
  const ans = answerer(theta, mulberry32(seed ^ 0x9e3779b9));
  for (;;) {
    const step = nextItem(state, compiled, config, rng);
    state = step.state;
    if (!('itemId' in step)) return state;
    state = recordResponse(state, compiled, config, step.itemId, ans(items.get(step.itemId) as Item));
  }
}

describe('exclusions', () => {
  const items = bank2PL(120, 21).map((it, i) => ({ ...it, status: i % 10 === 0 ? 'retired' : 'active' }));
  const map = byId(items as Item[]);

  it('never administers seen, retired (status, compile option, config) items', () => {
    const compiled = compileBank(items, { retired: ['i00003', 'i00004'] });
    const config: CatConfig = { retired: ['i00005'], selection: { method: 'MFI', randomesque: 3 }, stopping: { maxItems: 40 } };
    const seen = items.filter((_, i) => i % 7 === 1).map((x) => x.id);
    const forbidden = new Set([...seen, 'i00003', 'i00004', 'i00005', ...items.filter((x) => x.status === 'retired').map((x) => x.id)]);
    for (let s = 0; s < 25; s++) {
      const state = runSession(compiled, map, config, { exclude: seen }, s, -2 + s * 0.16);
      expect(state.items.length).toBe(40);
      for (const id of state.items) expect(forbidden.has(id)).toBe(false);
    }
  });

  it('a retired item can still be scored when it was administered before it was retired', () => {
    const compiledBefore = compileBank(items.map((x) => ({ ...x, status: 'active' })));
    const config: CatConfig = { stopping: { maxItems: 5 } };
    const step = nextItem(startSession(config, compiledBefore), compiledBefore, config, mulberry32(1));
    if (!('itemId' in step)) throw new Error('stop');
    const compiledAfter = compileBank(items.map((x) => ({ ...x, status: 'active' })), { retired: [step.itemId] });
    const state = recordResponse(step.state, compiledAfter, config, step.itemId, 1);
    expect(state.items).toEqual([step.itemId]);
    const next = nextItem(state, compiledAfter, config, mulberry32(2));
    expect('itemId' in next && next.itemId).not.toBe(step.itemId);
  });

  it('enemies never appear together (property over random enemy groups)', () => {
    const bank = bank2PL(60, 22);
    const compiled = compileBank(bank);
    const bmap = byId(bank as Item[]);
    const ids = bank.map((x) => x.id);
    const groupArb = fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(groupArb, { minLength: 1, maxLength: 8 }),
        fc.array(groupArb, { maxLength: 3 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: -2.5, max: 2.5, noNaN: true }),
        (configGroups, sessionGroups, seed, theta) => {
          const toIds = (gs: number[][]) => gs.map((g) => g.map((k) => ids[k] as string));
          const config: CatConfig = {
            enemies: toIds(configGroups),
            selection: { method: 'MFI', randomesque: 2 },
            stopping: { maxItems: 25 },
          };
          const state = runSession(compiled, bmap, config, { enemies: toIds(sessionGroups) }, seed, theta);
          const given = new Set(state.items);
          for (const g of [...toIds(configGroups), ...toIds(sessionGroups)]) {
            const together = g.filter((id) => given.has(id));
            if (together.length > 1) return false;
          }
          return state.items.length === 25;
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });
});
