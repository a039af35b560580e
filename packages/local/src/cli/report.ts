// npm run report -- --out report.html [--blueprint ID ...] [--course ID ...] [--from ISO] [--to ISO] [--looks N]
// A self-contained HTML training report (inline SVG charts) from the API of a running stack (docs/insights.md,
// "Pictures"). The token needs the author role (default: a local dev token for `npm start`).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderReport } from '@theta/insights/report';
import { gatherReport } from '../report/gather-report';
import { apiToken, apiUrl, CliError, runCli } from './api-client';

const USAGE = `usage: npm run report -- --out <file.html> [--blueprint <id> ...] [--course <id> ...] [--from <ISO>] [--to <ISO>] [--looks <n>] [--url <api>] [--token <jwt>]
  --out        the HTML file to write (self-contained: inline CSS and SVG, no script, nothing fetched)
  --blueprint  a published blueprint whose information and SE curves to draw (repeatable; default general-placement)
  --course     a course whose variants to compare (repeatable; default none)
  --from/--to  the window of the errors and course insights (default: the last 90 days)
  --looks      looks at each course over the window, for its effect over time (default 6, 1..30)
  --url        API base URL (default $THETA_API_URL or http://127.0.0.1:$PORT, PORT default 3000)
  --token      a bearer token with the author role (default $THETA_TOKEN, else a local dev token for npm start)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        blueprint: { type: 'string', multiple: true },
        course: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        looks: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) throw new CliError('--out is required', 2);
  const looks = values.looks === undefined ? 6 : Number(values.looks);
  if (!Number.isInteger(looks) || looks < 1 || looks > 30) throw new CliError(`--looks must be an integer 1..30, got "${values.looks}"`, 2);
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag];
    if (v !== undefined && Number.isNaN(Date.parse(v))) throw new CliError(`--${flag} must be an ISO 8601 date-time, got "${v}"`, 2);
  }
  const target = { url: apiUrl(values.url), token: await apiToken(values.token, 'author', 'report-cli') };
  const data = await gatherReport(target, { blueprints: values.blueprint ?? ['general-placement'], courses: values.course ?? [], looks, ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) }, new Date());
  const html = renderReport(data);
  writeFileSync(values.out, html);
  const charts = (html.match(/<svg /g) ?? []).length;
  console.log(`wrote ${values.out}: ${charts} charts (${data.blueprints.length} blueprints, ${data.courses.length} courses)${data.notes.length ? `; not drawn: ${data.notes.join('; ')}` : ''}`);
}

runCli(main, USAGE);
