import { logger } from "./log.server";

/** Stops cleanly on SIGTERM (the orchestrator, the balancer's drain) and on SIGINT (Ctrl-C). */
export function stopOnSignals(stop: (signal: NodeJS.Signals) => Promise<void>) {
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * Runs a process's `main`. A start that fails (bad settings, the database unreachable) says
 * why in one line; the message names what to fix, so no stack.
 */
export function runMain(main: () => Promise<void>) {
  main().catch((error) => {
    logger().fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
