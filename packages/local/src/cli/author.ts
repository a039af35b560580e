// npm run author -- <command> FILE [options]: authors' work against the API with a token (tables by default, --json).
//   publish-blueprint FILE    POST /v1/blueprints: the new version and the publish report (scope per skill, routing)
//   publish-track FILE        PUT /v1/tracks/{id}: a track definition, or a file of { "tracks": [...] }
//   publish-course FILE       PUT /v1/courses/{id}: a course, or a file of { "courses": [...] }
//   import-taxonomy FILE      the error taxonomy { "errorTags": [...] }: creates new tags, replaces changed ones, leaves equal ones
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { apiToken, apiUrl, CliError, progress, request, runCli, table, type ApiTarget } from './api-client';

const USAGE = `usage: npm run author -- <command> <file.json> [--url <api>] [--token <jwt>] [--json]
  publish-blueprint <file>   publish a blueprint (the next version) and print the publish report
  publish-track <file>       create or change track definitions (one, or { "tracks": [...] })
  publish-course <file>      create or change courses (one, or { "courses": [...] })
  import-taxonomy <file>     sync the error taxonomy from { "errorTags": [...] }
  --url    API base URL (default $THETA_API_URL or http://127.0.0.1:$PORT, PORT default 3000)
  --token  a bearer token with the author role (default $THETA_TOKEN, else a local dev token for npm start)
  --json   print the API's JSON instead of a table`;

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** one object, or the list under `key` */
function listOf(data: unknown, key: string, file: string): Json[] {
  const list = (data as Json | undefined)?.[key];
  if (Array.isArray(list)) return list as Json[];
  if (data && typeof data === 'object' && !Array.isArray(data) && typeof (data as Json).id === 'string') return [data as Json];
  throw new CliError(`${file}: expected an object with an "id", or { "${key}": [...] }`);
}

const print = (json: boolean, data: unknown, text: () => string) => console.log(json ? JSON.stringify(data, null, 2) : text());

async function publishBlueprint(api: ApiTarget, file: string, json: boolean): Promise<void> {
  const out = await request<{ version: number; items: number; scope?: { skill: string; items: number; sources: { prefix: string; items: number }[] }[]; notes?: string[] }>(api, 'POST', '/v1/blueprints', {
    body: await readJson(file),
  });
  print(json, out, () =>
    [
      `published version ${out.version} (${out.items} items in its snapshot)`,
      table(['skill', 'items', 'sources'], (out.scope ?? []).map((s) => [s.skill, s.items, s.sources.map((p) => `${p.prefix} ${p.items}`).join(', ')])),
      ...(out.notes ?? []).map((n) => `- ${n}`),
    ].join('\n'),
  );
}

async function putEach(api: ApiTarget, file: string, json: boolean, key: 'tracks' | 'courses', path: string): Promise<void> {
  const defs = listOf(await readJson(file), key, file);
  const results: { id: string; status: string; version?: number }[] = [];
  for (const [n, def] of defs.entries()) {
    const { id, ...body } = def;
    if (typeof id !== 'string') throw new CliError(`${file}: ${key}[${n}] has no "id"`);
    const out = await request<Record<string, { version?: number } | undefined> & { unchanged?: boolean }>(api, 'PUT', `${path}/${encodeURIComponent(id)}`, { body });
    const stored = Object.values(out).find((v): v is { version?: number } => typeof v === 'object' && v !== null && 'version' in v);
    results.push({ id, status: out.unchanged ? 'unchanged' : 'written', ...(stored?.version !== undefined ? { version: stored.version } : {}) });
    progress(key, n + 1, defs.length);
  }
  print(json, results, () => table(['id', 'version', 'status'], results.map((r) => [r.id, r.version, r.status])));
}

interface ErrorTag {
  slug: string;
  description: string;
  skill: string;
  study: string;
  courseId?: string;
  version: number;
}

async function importTaxonomy(api: ApiTarget, file: string, json: boolean): Promise<void> {
  const tags = (await readJson(file)) as { errorTags?: unknown };
  if (!Array.isArray(tags.errorTags)) throw new CliError(`${file}: expected { "errorTags": [...] }`);
  const current = new Map((await request<{ errorTags: ErrorTag[] }>(api, 'GET', '/v1/error-tags')).errorTags.map((t) => [t.slug, t]));
  const results: { slug: string; status: string }[] = [];
  for (const [n, raw] of (tags.errorTags as Json[]).entries()) {
    const { slug, ...body } = raw;
    if (typeof slug !== 'string') throw new CliError(`${file}: errorTags[${n}] has no "slug"`);
    const old = current.get(slug);
    const same = old && old.description === body.description && old.skill === body.skill && old.study === body.study && (old.courseId ?? undefined) === (body.courseId ?? undefined);
    if (same) results.push({ slug, status: 'unchanged' });
    else {
      await request(api, 'PUT', `/v1/error-tags/${encodeURIComponent(slug)}`, { body: old ? { ...body, version: old.version } : body });
      results.push({ slug, status: old ? 'replaced' : 'created' });
    }
    progress('error tags', n + 1, tags.errorTags.length);
  }
  print(json, results, () => `${table(['slug', 'status'], results.map((r) => [r.slug, r.status]))}\n${results.filter((r) => r.status !== 'unchanged').length} written, ${results.filter((r) => r.status === 'unchanged').length} unchanged`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
  const [command, file] = parsed.positionals;
  if (parsed.values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (!file) throw new CliError(`${command} needs a file`, 2);
  const api: ApiTarget = { url: apiUrl(parsed.values.url), token: await apiToken(parsed.values.token, 'author', 'author-cli') };
  const json = parsed.values.json ?? false;
  if (command === 'publish-blueprint') return publishBlueprint(api, file, json);
  if (command === 'publish-track') return putEach(api, file, json, 'tracks', '/v1/tracks');
  if (command === 'publish-course') return putEach(api, file, json, 'courses', '/v1/courses');
  if (command === 'import-taxonomy') return importTaxonomy(api, file, json);
  throw new CliError(`unknown command "${command}"`, 2);
}

runCli(main, USAGE);
