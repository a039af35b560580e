export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Median wall time in milliseconds of `run`, after `warmup` untimed calls; `prepare` runs untimed before each. */
export function medianMilliseconds<T>(reps: number, warmup: number, prepare: () => T, run: (input: T) => void): number {
  for (let i = 0; i < warmup; i++) run(prepare());
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const input = prepare();
    const start = process.hrtime.bigint();
    run(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
