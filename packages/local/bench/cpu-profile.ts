// Where this process's CPU goes, by package: V8's sampling profiler (node:inspector) over a phase, every sample
// charged to the nearest frame that belongs to a file of ours or of node_modules (so Node's own http, streams and
// crypto count for whoever called them: SigV4 HMACs for the AWS SDK, RS256 for jose, sockets for the server...).
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface CpuShare {
  owner: string;
  ms: number;
  share: number;
}

/** A readable owner for a script URL, or undefined for Node internals and anonymous code. */
function ownerOf(url: string): string | undefined {
  if (url === '' || url.startsWith('node:')) return undefined;
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) {
    if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/')) return 'AWS SDK (@aws-sdk, @smithy)';
    if (pkg.startsWith('@aws-lambda-powertools/')) return 'Powertools (@aws-lambda-powertools)';
    if (pkg.startsWith('@middy/')) return 'middy';
    return pkg;
  }
  const local = /\/(packages\/[^/]+\/(?:src|bench)|functions)\//.exec(path)?.[1];
  if (local === 'packages/local/src') return 'packages/local/src (API Gateway + authorizer emulation)';
  if (local === 'packages/local/bench') return 'packages/local/bench (the simulated clients)';
  return local ?? path;
}

const NO_CALLER = '(no JS caller)';

function nodeSubsystem(url: string): string {
  if (/http|llhttp/.test(url)) return 'http';
  if (/stream/.test(url)) return 'streams';
  if (/net|socket|tcp|dns/.test(url)) return 'net';
  if (/timers/.test(url)) return 'timers';
  if (/process\/task_queues|promise|async_hooks/.test(url)) return 'promise/task queues';
  if (url === '') return 'native';
  return url.replace(/^node:(internal\/)?/, '');
}

export class CpuProfiler {
  private session: Session | undefined;

  async start(intervalMicros = 500): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await this.session.post('Profiler.start');
  }

  /** Stops profiling; CPU time per owner, largest first. */
  async stop(): Promise<{ totalMs: number; shares: CpuShare[]; topFunctions: CpuShare[] }> {
    const session = this.session;
    if (!session) throw new Error('profiler not started');
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    await session.post('Profiler.disable');
    session.disconnect();
    this.session = undefined;

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owners = new Map<number, string>();
    const resolveOwner = (id: number): string => {
      const cached = owners.get(id);
      if (cached) return cached;
      const node = byId.get(id);
      let owner: string;
      const name = node?.callFrame.functionName ?? '';
      if (name === '(idle)') owner = '(idle)';
      else if (name === '(garbage collector)') owner = 'garbage collector';
      else if (name === '(program)') owner = '(program: V8/native, unattributed)';
      else {
        const own = node ? ownerOf(node.callFrame.url) : undefined;
        const up = parent.get(id);
        owner = own ?? (up === undefined ? NO_CALLER : resolveOwner(up));
        // called from the event loop, not from our code: name the Node subsystem (its own frame's module)
        if (owner === NO_CALLER && node) owner = `Node ${nodeSubsystem(node.callFrame.url)}, run from the event loop (e.g. socket writes flushed on nextTick; caller unknown)`;
      }
      owners.set(id, owner);
      return owner;
    };

    // sample counts × mean interval = CPU-ish time of the main thread (idle excluded)
    const samples = profile.samples ?? [];
    const intervalMs = samples.length > 0 ? (profile.endTime - profile.startTime) / 1000 / samples.length : 0;
    const counts = new Map<string, number>();
    const selfCounts = new Map<string, number>();
    for (const id of samples) {
      const owner = resolveOwner(id);
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
      const frame = byId.get(id)?.callFrame;
      if (owner !== '(idle)' && frame) {
        const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(packages|functions)\//, '$1/')}`;
        selfCounts.set(name, (selfCounts.get(name) ?? 0) + 1);
      }
    }
    counts.delete('(idle)');
    const totalSamples = [...counts.values()].reduce((a, b) => a + b, 0);
    const shares = [...counts.entries()]
      .map(([owner, n]) => ({ owner, ms: n * intervalMs, share: n / Math.max(1, totalSamples) }))
      .sort((a, b) => b.ms - a.ms);
    const topFunctions = [...selfCounts.entries()]
      .map(([owner, n]) => ({ owner, ms: n * intervalMs, share: n / Math.max(1, totalSamples) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12);
    return { totalMs: totalSamples * intervalMs, shares, topFunctions };
  }
}
