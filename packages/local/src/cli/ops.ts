// npm run ops -- <command> [options]: ops' work against the API with a token (tables by default, --json for scripts).
//   list --track T [--skill S --min θ --max θ] [--limit N]      taskers on a track (every page)
//   reroute TASKER --to TRACK --reason TEXT                       move one tasker (audited)
//   audit TASKER                                                   a tasker's track audit
//   bulk-reroute --from T --to T --skill S --cut θ [--certainty p] --reason TEXT [--dry-run]
//                                                                  dry run: who would move and why; without --dry-run it then applies
//   reassess TASKER --blueprint ID --reason TEXT                  schedule a re-assessment
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { apiToken, apiUrl, CliError, progress, request, runCli, table, type ApiTarget } from './api-client';

const USAGE = `usage: npm run ops -- <command> [options] [--url <api>] [--token <jwt>] [--json]
  list                 --track <track> [--skill <s> [--min <θ>] [--max <θ>]] [--limit <n>]
  reroute <tasker>      --to <track> --reason <text>
  audit <tasker>
  bulk-reroute          --from <track> --to <track> --skill <s> --cut <θ> [--certainty <p>] --reason <text> [--dry-run]
  bulk-apply <job id>   apply a dry run made with --dry-run
  reassess <tasker>     --blueprint <id> --reason <text>
  --url    API base URL (default $THETA_API_URL or http://127.0.0.1:$PORT, PORT default 3000)
  --token  a bearer token with the ops role (default $THETA_TOKEN, else a local dev token for npm start)
  --json   print the API's JSON instead of a table`;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  track: { type: 'string' },
  skill: { type: 'string' },
  min: { type: 'string' },
  max: { type: 'string' },
  limit: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  reason: { type: 'string' },
  cut: { type: 'string' },
  certainty: { type: 'string' },
  blueprint: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const need = (values: Values, name: keyof Values): string => {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} is required`, 2);
  return v;
};
const numberOf = (values: Values, name: keyof Values): number | undefined => {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number, got "${String(v)}"`, 2);
  return n;
};
const print = (json: boolean, data: unknown, text: () => string) => console.log(json ? JSON.stringify(data, null, 2) : text());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Listed {
  taskerId: string;
  track: { track: string; assignedAt: string };
  lastAssessedAt?: string;
  skills: { skill: string; theta: number; se: number }[];
}
interface Job {
  id: string;
  status: string;
  counts: { examined: number; candidates: number; moved: number; skipped: number };
}
interface JobView {
  job: Job;
  candidates: { taskerId: string; why: string; outcome?: string; outcomeWhy?: string }[];
  cursor?: string;
}

async function list(api: ApiTarget, values: Values): Promise<void> {
  const skill = values.skill;
  const query = { track: need(values, 'track'), skill, minTheta: numberOf(values, 'min'), maxTheta: numberOf(values, 'max'), limit: 100 };
  const max = numberOf(values, 'limit') ?? Infinity;
  const taskers: Listed[] = [];
  let cursor: string | undefined;
  do {
    const page = await request<{ taskers: Listed[]; cursor?: string }>(api, 'GET', '/v1/taskers', { query: { ...query, ...(cursor ? { cursor } : {}) } });
    taskers.push(...page.taskers);
    cursor = page.cursor;
  } while (cursor && taskers.length < max);
  const shown = taskers.slice(0, max);
  print(!!values.json, shown, () =>
    table(
      ['tasker', 'on track since', 'last assessed', skill ? `${skill} θ ± SE` : 'skills'],
      shown.map((t) => {
        const s = skill ? t.skills.find((k) => k.skill === skill) : undefined;
        return [t.taskerId, t.track.assignedAt, t.lastAssessedAt, s ? `${s.theta.toFixed(2)} ± ${s.se.toFixed(2)}` : t.skills.map((k) => k.skill).join(',')];
      }),
    ) + `\n${shown.length} tasker(s) on ${query.track}`,
  );
}

async function reroute(api: ApiTarget, tasker: string, values: Values): Promise<void> {
  const { move } = await request<{ move: { id: string; from?: string; to: string; at: string } }>(api, 'POST', `/v1/taskers/${encodeURIComponent(tasker)}/track`, {
    body: { track: need(values, 'to'), reason: need(values, 'reason') },
    idempotencyKey: `ops-cli-${randomUUID()}`,
  });
  print(!!values.json, move, () => `moved ${tasker}: ${move.from ?? '(none)'} → ${move.to} at ${move.at} (move ${move.id})`);
}

async function audit(api: ApiTarget, tasker: string, values: Values): Promise<void> {
  const entries: { at: string; kind: string; from?: string; to: string; reason: string; actor?: { sub?: string; ruleId?: string }; assignedBy?: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await request<{ entries: typeof entries; cursor?: string }>(api, 'GET', `/v1/taskers/${encodeURIComponent(tasker)}/audit`, { query: { limit: 100, ...(cursor ? { cursor } : {}) } });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  print(!!values.json, entries, () =>
    table(['at', 'kind', 'from', 'to', 'by', 'reason'], entries.map((e) => [e.at, e.kind, e.from, e.to, e.actor?.sub ?? e.actor?.ruleId ?? e.assignedBy, e.reason])),
  );
}

async function waitFor(api: ApiTarget, id: string, until: string, label: string): Promise<JobView> {
  for (;;) {
    const view = await request<JobView>(api, 'GET', `/v1/bulk-reroutes/${id}`, { query: { limit: 100 } });
    const c = view.job.counts;
    progress(label, until === 'applied' ? c.moved + c.skipped : view.job.status === until ? 1 : 0, until === 'applied' ? c.candidates : 1);
    if (view.job.status === until) return view;
    await sleep(1000);
  }
}

async function allCandidates(api: ApiTarget, id: string): Promise<JobView['candidates']> {
  const out: JobView['candidates'] = [];
  let cursor: string | undefined;
  do {
    const page = await request<JobView>(api, 'GET', `/v1/bulk-reroutes/${id}`, { query: { limit: 100, ...(cursor ? { cursor } : {}) } });
    out.push(...page.candidates);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

async function bulkReroute(api: ApiTarget, values: Values): Promise<void> {
  const body = {
    fromTrack: need(values, 'from'),
    toTrack: need(values, 'to'),
    reason: need(values, 'reason'),
    rule: { kind: 'skill-below', skill: need(values, 'skill'), cut: numberOf(values, 'cut') ?? need(values, 'cut'), ...(values.certainty ? { certainty: numberOf(values, 'certainty') } : {}) },
  };
  const { job } = await request<{ job: Job }>(api, 'POST', '/v1/bulk-reroutes', { body, idempotencyKey: `ops-cli-${randomUUID()}` });
  console.error(`bulk reroute ${job.id}: dry run started (the job runs every minute)`);
  const previewed = await waitFor(api, job.id, 'previewed', 'dry run');
  const candidates = await allCandidates(api, job.id);
  if (values['dry-run']) {
    print(!!values.json, { job: previewed.job, candidates }, () =>
      `${table(['tasker', 'why'], candidates.map((c) => [c.taskerId, c.why]))}\n${previewed.job.counts.candidates} of ${previewed.job.counts.examined} would move; apply with: npm run ops -- bulk-apply ${job.id}`,
    );
    return;
  }
  await request(api, 'POST', `/v1/bulk-reroutes/${job.id}/apply`);
  const applied = await waitFor(api, job.id, 'applied', 'moving');
  const outcomes = await allCandidates(api, job.id);
  print(!!values.json, { job: applied.job, candidates: outcomes }, () =>
    `${table(['tasker', 'outcome', 'why'], outcomes.map((c) => [c.taskerId, c.outcome, c.outcomeWhy ?? c.why]))}\n${applied.job.counts.moved} moved, ${applied.job.counts.skipped} skipped`,
  );
}

async function bulkApply(api: ApiTarget, id: string, values: Values): Promise<void> {
  await request(api, 'POST', `/v1/bulk-reroutes/${id}/apply`);
  const applied = await waitFor(api, id, 'applied', 'moving');
  print(!!values.json, applied.job, () => `${applied.job.counts.moved} moved, ${applied.job.counts.skipped} skipped`);
}

async function reassess(api: ApiTarget, tasker: string, values: Values): Promise<void> {
  const out = await request<{ scheduled: { blueprintId: string; scheduledAt: string } }>(api, 'PUT', `/v1/taskers/${encodeURIComponent(tasker)}/reassessment`, {
    body: { blueprintId: need(values, 'blueprint'), reason: need(values, 'reason') },
  });
  print(!!values.json, out, () => `${tasker}: the next placement uses ${out.scheduled.blueprintId} (scheduled ${out.scheduled.scheduledAt})`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
  const values = parsed.values as Values;
  const [command, arg] = parsed.positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const api: ApiTarget = { url: apiUrl(values.url), token: await apiToken(values.token, 'ops', 'ops-cli') };
  const target = () => {
    if (!arg) throw new CliError(`${command} needs a tasker id`, 2);
    return arg;
  };
  if (command === 'list') return list(api, values);
  if (command === 'reroute') return reroute(api, target(), values);
  if (command === 'audit') return audit(api, target(), values);
  if (command === 'bulk-reroute') return bulkReroute(api, values);
  if (command === 'bulk-apply') return bulkApply(api, target(), values);
  if (command === 'reassess') return reassess(api, target(), values);
  throw new CliError(`unknown command "${command}"`, 2);
}

runCli(main, USAGE);
