import type { CompiledBank } from './compiled';
import type { NormalizedConfig } from './config';

/**
 * Memoizes `derive` per (bank, config) pair: both are immutable for a session's life and reused across steps, so
 * what is derived from them is computed once, not on every CAT step. Weak keys: a dropped bank frees its entries.
 */
export function memoPerBankAndConfig<T extends object>(derive: (bank: CompiledBank, cfg: NormalizedConfig) => T): (bank: CompiledBank, cfg: NormalizedConfig) => T {
  const cache = new WeakMap<CompiledBank, WeakMap<NormalizedConfig, T>>();
  return (bank, cfg) => {
    let byConfig = cache.get(bank);
    if (!byConfig) {
      byConfig = new WeakMap();
      cache.set(bank, byConfig);
    }
    const hit = byConfig.get(cfg);
    if (hit !== undefined) return hit;
    const value = derive(bank, cfg);
    byConfig.set(cfg, value);
    return value;
  };
}
