import { compileBank, type CatConfig } from '../src/cat';
import { categoryProbabilities } from '../src/models';
import { mulberry32 } from '../src/random';
import { simulate, SimulationInputError, type Simulee } from '../src/simulation';
import type { DichotomousItem, Item, PolytomousItem } from '../src/types';
import { bank2PL, byId, pCorrect } from './cat-fixtures';

describe('pre-drawn uniforms', () => {
  it('a dichotomous response is correct iff u[k] < P(true θ) of the k-th administered item', () => {
    const items = bank2PL(120, 101, (i) => (i % 4 === 0 ? { model: '3PL', c: 0.2 } : {}));
    const map = byId(items);
    const rng = mulberry32(5);
    const simulees: Simulee[] = Array.from({ length: 40 }, (_, k) => ({
      id: `s${k}`,
      theta: -2 + k * 0.1,
      u: Array.from({ length: 20 }, () => rng()),
    }));
    const config: CatConfig = { stopping: { maxItems: 20, seThreshold: 0.3 } };
    const report = simulate(items, simulees, config, { seed: 1 });
    let checked = 0;
    report.records.forEach((rec, s) => {
      const sim = simulees[s]!;
      rec.items.forEach((id, k) => {
        const p = pCorrect(map.get(id) as DichotomousItem, sim.theta as number);
        expect(rec.responses[k]).toBe(sim.u![k]! < p ? 1 : 0);
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(300);
  });

  it('a polytomous response is the number of cumulative boundaries with u < P(X ≥ k)', () => {
    const items: Item[] = Array.from({ length: 30 }, (_, i) => ({
      id: `p${i}`,
      model: i % 2 === 0 ? ('GRM' as const) : ('GPCM' as const),
      a: 0.8 + (i % 5) * 0.2,
      thresholds: [-1.2 + (i % 3) * 0.3, 0 + (i % 4) * 0.2, 1.1],
    }));
    const map = byId(items);
    const rng = mulberry32(8);
    const simulees: Simulee[] = Array.from({ length: 30 }, (_, k) => ({ id: `s${k}`, theta: -1.5 + k * 0.1, u: Array.from({ length: 10 }, () => rng()) }));
    const report = simulate(items, simulees, { stopping: { maxItems: 10 } }, { seed: 2 });
    const seen = new Set<number>();
    report.records.forEach((rec, s) => {
      rec.items.forEach((id, k) => {
        const probs = categoryProbabilities(map.get(id) as PolytomousItem, simulees[s]!.theta as number);
        let expected = 0;
        for (let c = 1; c < probs.length; c++) {
          const tail = probs.slice(c).reduce((a, b) => a + b, 0);
          if (simulees[s]!.u![k]! < tail) expected++;
        }
        expect(rec.responses[k]).toBe(expected);
        seen.add(expected);
      });
    });
    expect(seen.size).toBe(4); // all categories occur
  });

  it('same seed ⇒ same simulation; different seed ⇒ different responses without uniforms', () => {
    const items = bank2PL(100, 102);
    const simulees = Array.from({ length: 30 }, (_, k) => ({ id: `s${k}`, theta: (k - 15) / 10 }));
    const config: CatConfig = { selection: { method: 'MFI', randomesque: 4 }, stopping: { maxItems: 12 } };
    const a = simulate(compileBank(items), simulees, config, { seed: 42 });
    const b = simulate(items, simulees, config, { seed: 42 });
    const c = simulate(items, simulees, config, { seed: 43 });
    expect(b.records).toEqual(a.records);
    expect(c.records).not.toEqual(a.records);
  });

  it('validates simulees (path and problem)', () => {
    const items = bank2PL(30, 103);
    const config: CatConfig = { stopping: { maxItems: 10 } };
    const bad: [unknown, string][] = [
      [[{ id: 's', theta: 'x' }], 'simulees[0].theta'],
      [[{ id: 's', theta: 0, u: [0.1, 0.2] }], 'simulees[0].u'],
      [[{ id: 's', theta: 0, u: Array.from({ length: 10 }, (_, k) => (k === 7 ? 1.5 : 0.5)) }], 'simulees[0].u[7]'],
      [[{ id: 's', theta: 0 }, { id: 's', theta: 1 }], 'simulees[1].id'],
    ];
    for (const [sims, path] of bad) {
      let err: unknown;
      try {
        simulate(items, sims as Simulee[], config);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SimulationInputError);
      expect((err as SimulationInputError).path).toBe(path);
    }
  });
});
