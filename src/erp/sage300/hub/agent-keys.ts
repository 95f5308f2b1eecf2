import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Only hashes are stored: a database copy gives no working agent key or activation code. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** The agent's key: 256 random bits, kept in the agent's data directory only. */
export const newAgentKey = (): string => `lga_${randomBytes(32).toString('base64url')}`;

// Crockford's alphabet: no I, L, O or U, so a code read aloud or typed from a screen is not misread.
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time activation code like `7KQ2-M9XD-3FHT`: 60 bits, typed once into the agent's command line. */
export function newActivationCode(): string {
  const chars = Array.from({ length: 12 }, () => codeAlphabet[randomInt(codeAlphabet.length)]);
  return [0, 4, 8].map((at) => chars.slice(at, at + 4).join('')).join('-');
}

/** The code as stored: upper-cased, without its dashes or spaces, so `7kq2 m9xd 3fht` still pairs. */
export const normalizeActivationCode = (code: string): string => code.toUpperCase().replace(/[-\s]/g, '');
