// Entry point of `npm run simulate -- --bank bank.json --simulees simulees.json --config cat.json [--out f] [--seed N]`.
// The command itself lives in ../simulation/cli.ts (testable in-process).
import { runSimulateCli } from '../simulation/cli';

runSimulateCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`simulate: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
