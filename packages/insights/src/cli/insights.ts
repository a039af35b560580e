// Entry of `npm run insights` (docs/insights.md).
import { runInsightsCli } from './main';

const code = await runInsightsCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
});
process.exitCode = code;
