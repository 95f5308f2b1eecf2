import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';

/** The package's built web app, made by `npm run build:web` (and by `npm install`/`npm start`). */
export const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
}

/** Stops cleanly on SIGTERM/SIGINT: a second signal forces the exit. */
export function onShutdown(stop: () => Promise<unknown>, log: (message: string) => void): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal} received: stopping`);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}
