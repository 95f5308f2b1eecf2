import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretKeySource {
  /** LEDGERGATE_SECRET_KEY: 32 bytes as base64 or 64 hex characters. */
  configured: string | undefined;
  /** Where a generated key is kept when none is configured. */
  fallbackFile: string;
  warn(message: string): void;
}

function decode(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error('LEDGERGATE_SECRET_KEY must be 32 bytes, as base64 or 64 hex characters');
  return key;
}

/** The key that seals stored credentials: configured, or generated once and kept beside the data. */
export function loadSecretKey({ configured, fallbackFile, warn }: SecretKeySource): Buffer {
  if (configured) return decode(configured);
  if (existsSync(fallbackFile)) {
    warn(`LEDGERGATE_SECRET_KEY is not set: using the key kept in ${fallbackFile}.`);
  } else {
    mkdirSync(dirname(fallbackFile), { recursive: true });
    try {
      // 'wx': when two processes start together, the first file written wins and both read it.
      writeFileSync(fallbackFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      warn(
        `LEDGERGATE_SECRET_KEY is not set: generated a key in ${fallbackFile}. Back it up, or set the variable.`,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return decode(readFileSync(fallbackFile, 'utf8'));
}
