import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('keeps the default SQLite file in the data directory, beside its generated key', () => {
    expect(loadConfig({ DATA_DIR: '/srv/lg' }).databaseUrl).toBe('file:/srv/lg/ledgergate.sqlite');
    expect(loadConfig({}).databaseUrl).toBe('file:data/ledgergate.sqlite');
    expect(loadConfig({ DATA_DIR: '/srv/lg', DATABASE_URL: 'postgres://db/lg' }).databaseUrl).toBe(
      'postgres://db/lg',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db' })).toThrow(/DATABASE_URL/);
  });

  it('reads the database pool size, 10 unless set, and refuses one that is not a positive integer', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
