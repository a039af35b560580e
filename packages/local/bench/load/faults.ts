// The load run's faults on the supervised DynamoDB Local: stalls (SIGSTOP, then SIGCONT after a while) and a kill
// (SIGKILL; the supervisor restarts it on the same files). Each fault records when it began and ended.
import type { DynamoDbSupervisor } from '../../src/index';
import { sleep } from '../tasker-flow';
import { isProcessAlive } from '../../src/process-alive';

export type Fault = { kind: 'stall'; atMs: number; forMs: number } | { kind: 'kill'; atMs: number };

export interface FaultRecord {
  fault: string;
  startedAtMs: number;
  endedAtMs: number;
}

/** `stall@20s:10s,kill@45s,stall@65s:35s` → faults */
export function parseFaults(text: string): Fault[] {
  if (text.trim() === '') return [];
  const seconds = (s: string, what: string) => {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(s);
    if (!m) throw new Error(`--faults: ${what} '${s}' is not a number of seconds like 20s`);
    return Number(m[1]) * 1000;
  };
  return text.split(',').map((part) => {
    const stall = /^stall@([^:]+):(.+)$/.exec(part.trim());
    if (stall) return { kind: 'stall', atMs: seconds(stall[1]!, 'start'), forMs: seconds(stall[2]!, 'duration') };
    const kill = /^kill@(.+)$/.exec(part.trim());
    if (kill) return { kind: 'kill', atMs: seconds(kill[1]!, 'start') };
    throw new Error(`--faults: '${part}' is neither stall@<start>:<duration> nor kill@<start>`);
  });
}


/** Runs the faults in order of start time, relative to `t0`; stops early (resuming a stalled JVM) when `stopped()`. */
export async function runFaults(faults: Fault[], supervisor: DynamoDbSupervisor, t0: number, stopped: () => boolean): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  const javaPid = () => supervisor.current()?.javaPid;
  for (const fault of [...faults].sort((a, b) => a.atMs - b.atMs)) {
    while (!stopped() && performance.now() - t0 < fault.atMs) await sleep(100);
    if (stopped()) break;
    // a kill just before may still be restarting: wait for the next JVM
    let pid = javaPid();
    while (!stopped() && (pid === undefined || !isProcessAlive(pid))) {
      await sleep(100);
      pid = javaPid();
    }
    if (pid === undefined) break;
    const startedAtMs = performance.now() - t0;
    if (fault.kind === 'stall') {
      process.kill(pid, 'SIGSTOP');
      try {
        const until = performance.now() + fault.forMs;
        while (!stopped() && performance.now() < until) await sleep(100);
      } finally {
        if (isProcessAlive(pid)) process.kill(pid, 'SIGCONT');
      }
      records.push({ fault: `stall ${(fault.forMs / 1000).toFixed(0)} s`, startedAtMs, endedAtMs: performance.now() - t0 });
    } else {
      const restarts = supervisor.restarts();
      process.kill(pid, 'SIGKILL');
      while (!stopped() && supervisor.restarts() === restarts) await sleep(50);
      records.push({ fault: 'kill', startedAtMs, endedAtMs: performance.now() - t0 });
    }
  }
  return records;
}
