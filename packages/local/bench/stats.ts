// Small numeric helpers for the API benchmark: nearest-rank percentiles and fixed-width table cells.

/** Nearest-rank percentile of an ascending array: the smallest value with at least p% of the values ≤ it. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1] as number;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
    total,
  };
}

/** Collects samples under string labels (route ids, DynamoDB commands...). */
export class Samples {
  private readonly byLabel = new Map<string, number[]>();

  add(label: string, value: number): void {
    let list = this.byLabel.get(label);
    if (!list) this.byLabel.set(label, (list = []));
    list.push(value);
  }

  labels(): string[] {
    return [...this.byLabel.keys()];
  }

  values(label: string): readonly number[] {
    return this.byLabel.get(label) ?? [];
  }

  summary(label: string): Summary {
    return summarize(this.values(label));
  }

  clear(): void {
    this.byLabel.clear();
  }
}

export const ms = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
export const pad = (text: string | number, width: number): string => String(text).padStart(width);
export const padEnd = (text: string | number, width: number): string => String(text).padEnd(width);
