import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import type { Logger } from 'pino';

/** The package's built web app, made by `npm run build:web` (and by `npm install`/`npm start`). */
export const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
}

/**
 * Stops cleanly on SIGTERM/SIGINT. With a deadline (SHUTDOWN_TIMEOUT_MS), `stop` gets it as the time by
 * which running work must end or be handed back, and should the stop hang well past it the process exits
 * anyway: a supervisor would otherwise kill it at its own timeout, mid-write. A second signal forces the exit.
 */
export function onShutdown(
  stop: (options: { deadlineMs?: number }) => Promise<unknown>,
  log: (message: string) => void,
  deadlineMs?: number,
): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(
      `${signal} received: stopping${deadlineMs === undefined ? '' : ` (running work has ${deadlineMs} ms to end)`}`,
    );
    if (deadlineMs !== undefined)
      setTimeout(() => {
        log('the stop overran its deadline: exiting');
        process.exit(1);
      }, deadlineMs + hangingCloseMs).unref();
    stop({ deadlineMs }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

/** What closing the connections may take after the deadline, before the process gives up on them. */
export const hangingCloseMs = 5_000;

/**
 * A worker whose queue engine stopped on its own runs no job yet looks alive, so the process exits
 * non-zero for its supervisor (systemd's `Restart=on-failure`) to start it again; the jobs it held
 * return to the queue when their lease expires.
 */
export function exitOnWorkerFailure(logger: Logger): (error: Error) => void {
  return (error) => {
    logger.fatal({ err: error }, 'the job worker stopped on its own: exiting');
    process.exit(1);
  };
}
