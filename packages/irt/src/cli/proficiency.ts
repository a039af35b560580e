// Entry point of `npm run proficiency -- replay --bank BANK.json --log LOG.jsonl --out PRED.jsonl`.
// The command itself lives in ../tracker/cli.ts (testable in-process).
import { runProficiencyCli } from '../tracker/cli';

runProficiencyCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`proficiency: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
