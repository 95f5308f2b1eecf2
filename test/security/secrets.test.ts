import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/security/passwords.ts';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { loadSecretKey } from '../../src/security/secret-key.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('seals to a different text each time and opens to the original', () => {
    const a = box.seal('DEMO-AUTH');
    const b = box.seal('DEMO-AUTH');
    expect(a).not.toBe(b);
    expect(a).not.toContain('DEMO-AUTH');
    expect(box.open(a)).toBe('DEMO-AUTH');
  });

  it('refuses a tampered text and a foreign key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => createSecretBox(randomBytes(16))).toThrow('32 bytes');
  });
});

describe('secret key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('uses the configured key, in base64 or hex', () => {
    const key = randomBytes(32);
    const warnings: string[] = [];
    const source = { fallbackFile: '/nonexistent/key', warn: (m: string) => warnings.push(m) };
    expect(loadSecretKey({ ...source, configured: key.toString('base64') })).toEqual(key);
    expect(loadSecretKey({ ...source, configured: key.toString('hex') })).toEqual(key);
    expect(() => loadSecretKey({ ...source, configured: 'short' })).toThrow('32 bytes');
    expect(warnings).toEqual([]);
  });

  it('generates a key once under the data folder, private to its owner, with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgergate-key-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'secret.key');
    const warnings: string[] = [];
    const first = loadSecretKey({ configured: undefined, fallbackFile: file, warn: (m) => warnings.push(m) });
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSecretKey({
      configured: undefined,
      fallbackFile: file,
      warn: (m) => warnings.push(m),
    });
    expect(second).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(first.toString('base64'));
    expect(warnings[0]).toContain('generated a key');
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await hashPassword('correct horse')).not.toBe(hash);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
