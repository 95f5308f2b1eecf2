import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../src/db/capabilities.ts';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.ts';

const postgresAdminUrl = process.env.DATABASE_URL_TEST;

/** The dialects every database test runs on: SQLite always, PostgreSQL when DATABASE_URL_TEST is set. */
export const dialects: Dialect[] = postgresAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

if (!postgresAdminUrl && !process.env.LEDGERGATE_PG_NOTICE_SHOWN) {
  process.env.LEDGERGATE_PG_NOTICE_SHOWN = '1';
  console.warn('DATABASE_URL_TEST is not set: database tests run on SQLite only.');
}

export interface ScratchDatabase {
  /** A URL another process (or a second connection) can open. */
  url: string;
  drop(): Promise<void>;
}

/** A brand-new, empty database of the dialect, unique to the caller. */
export async function createScratchDatabase(dialect: Dialect): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledgergate-test-'));
    return {
      url: `file:${join(dir, 'test.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresAdminUrl) throw new Error('DATABASE_URL_TEST is not set');
  const name = `lg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestDatabase extends Database {
  scratch: ScratchDatabase;
}

/** Opens a migrated scratch database for the whole file (or describe block) and drops it afterwards. */
export function useTestDatabase(dialect: Dialect): { readonly current: TestDatabase } {
  const holder: { current: TestDatabase } = { current: undefined as unknown as TestDatabase };
  beforeAll(async () => {
    const scratch = await createScratchDatabase(dialect);
    const database = openDatabase(scratch.url);
    await migrateToLatest(database);
    holder.current = Object.assign(database, { scratch });
  });
  afterAll(async () => {
    await holder.current?.close();
    await holder.current?.scratch.drop();
  });
  return holder;
}

/** Polls until the condition holds (tests wait for conditions, never for fixed sleeps). */
export async function until<T>(
  condition: () => Promise<T> | T,
  timeoutMs = 10_000,
  stepMs = 10,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
