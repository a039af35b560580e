// Ctrl-C reaches us twice: from the terminal (whole foreground process group) and relayed
// by the tsx parent. Signals this close to the first are the same keypress.
const DUPLICATE_SIGNAL_WINDOW_MS = 1500;

/**
 * Runs `cleanup` once on Ctrl-C / SIGTERM (then exits 0) or on an uncaught error (exits 1).
 * A later second signal while cleaning up exits at once; Java still dies with us through
 * the orphan guard, so impatience never leaves anything running.
 */
export function stopOnSignalsAndCrashes(cleanup: () => Promise<void>, log: (message: string) => void = console.error): void {
  let stoppingSince: number | undefined;
  const shutDown = (exitCode: number) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_WINDOW_MS) return;
      process.exit(exitCode === 0 ? 130 : exitCode);
    }
    stoppingSince = Date.now();
    cleanup()
      .catch((error: unknown) => log(`error while stopping: ${String(error)}`))
      .finally(() => process.exit(exitCode));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stoppingSince === undefined) log(`\n${signal}: stopping…`);
      shutDown(0);
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      log(`${event}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      shutDown(1);
    });
  }
}
