import { readFileSync } from 'node:fs';

/** The agent reports the package's version (hello, heartbeats, activation). */
export const agentVersion: string = JSON.parse(
  readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
).version;
