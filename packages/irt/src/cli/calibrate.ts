// Entry point of `npm run calibrate -- --bank BANK.json --log LOG.jsonl --out RESULT.json [--free] [--model 2PL|3PL]`.
// The command itself lives in ../calibration/cli.ts (testable in-process).
import { runCalibrateCli } from '../calibration/cli';

runCalibrateCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`calibrate: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
