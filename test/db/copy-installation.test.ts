import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type CopyReport, copyInstallation } from '../../src/db/copy-installation.ts';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import { testContext } from '../support/context.ts';
import { createScratchDatabase, dialects, type ScratchDatabase } from '../support/databases.ts';
import { makeRoleWorld } from '../support/roles.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/ledgergate', import.meta.url));

/** `ledgergate db copy`: SQLite → PostgreSQL and back, on real databases. */
describe.runIf(dialects.includes('postgres'))('copying an installation between databases', () => {
  const scratches: ScratchDatabase[] = [];
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()));
    await Promise.all(scratches.map((scratch) => scratch.drop()));
  });
  const fresh = async (dialect: 'sqlite' | 'postgres') => {
    const scratch = await createScratchDatabase(dialect);
    scratches.push(scratch);
    const database = openDatabase(scratch.url);
    opened.push(database);
    return database;
  };
  const copy = (source: Database, target: Database) =>
    copyInstallation(
      { database: source, queue: createJobQueue(source) },
      { database: target, queue: createJobQueue(target) },
    );
  /**
   * A SQLite installation with one of everything: companies, users, tokens, records, a sent request (with its
   * export job waiting for a worker), an ERP mirror, a webhook with a pending delivery job.
   */
  const populated = async () => {
    const source = await fresh('sqlite');
    await migrateToLatest(source);
    const ctx = testContext(source);
    await ctx.queue.prepare();
    return { source, ctx, world: await makeRoleWorld(ctx) };
  };
  const tableRows = (report: CopyReport) => Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));

  it('moves every table and the pending jobs up to PostgreSQL and back, verified, and the copy works', async () => {
    const { source: sqlite, ctx, world } = await populated();
    const pending = await ctx.queue.pendingJobs();
    expect(pending.length).toBeGreaterThan(0);
    const project = `/api/v1/companies/${world.companyId}/projects/${world.records.projectId}`;

    const postgres = await fresh('postgres');
    const up = await copy(sqlite, postgres);
    expect(up.jobs).toBe(pending.length);
    const rows = tableRows(up);
    for (const table of [
      'companies',
      'users',
      'memberships',
      'api_tokens',
      'projects',
      'erp_requests',
      'webhooks',
    ])
      expect(rows[table], table).toBeGreaterThan(0);
    expect(await createJobQueue(postgres).pendingJobs()).toEqual(
      pending.map((job) => ({ ...job, runAt: expect.any(Date) })),
    );

    // And back down, with the command line: the same rows, the same checksums.
    const back = await createScratchDatabase('sqlite');
    scratches.push(back);
    const { stdout } = await run(bin, ['db', 'copy', '--from', postgres.url, '--to', back.url]);
    expect(stdout).toContain(`copied ${up.tables.length} tables and ${up.jobs} pending jobs`);
    for (const { table, rows: count, checksum } of up.tables)
      expect(stdout, table).toMatch(
        new RegExp(`${table}\\s+${count} rows\\s+sha256 ${checksum.slice(0, 16)}`),
      );
    const down = openDatabase(back.url);
    opened.push(down);

    // Each copy serves the same answers to the same token.
    const before = await readThrough(sqlite, project, world.users.projectAdmin.token);
    expect(await readThrough(postgres, project, world.users.projectAdmin.token)).toEqual(before);
    expect(await readThrough(down, project, world.users.projectAdmin.token)).toEqual(before);
  });

  it('refuses a target that holds anything, and changes nothing there', async () => {
    const { source } = await populated();
    const target = await fresh('postgres');
    await copy(source, target);
    const companies = await target.db.selectFrom('companies').select('id').execute();
    await expect(copy(source, target)).rejects.toThrow(/the target is not empty \(rows in .*companies/);
    expect(await target.db.selectFrom('companies').select('id').execute()).toEqual(companies);
    const failed = await run(bin, ['db', 'copy', '--from', source.url, '--to', target.url]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('the target is not empty');
  });

  it('keeps nothing of a copy whose checksum differs from the source, and copies once that is mended', async () => {
    const { source, ctx } = await populated();
    const pending = (await ctx.queue.pendingJobs()).length;
    expect(pending).toBeGreaterThan(0);
    const target = await fresh('postgres');
    await migrateToLatest(target);
    // A write that changes what it is given, as a lossy column would: every row arrives, not as it was.
    await sql`create function lg_alter_name() returns trigger language plpgsql as
                $$ begin new.name := new.name || ' (altered)'; return new; end $$`.execute(target.db);
    await sql`create trigger lg_alter_name before insert on companies
                for each row execute function lg_alter_name()`.execute(target.db);

    await expect(copy(source, target)).rejects.toThrow(
      /verification failed for companies: (\d+) rows .* \1 \(/,
    );
    for (const table of ['companies', 'users', 'memberships'] as const)
      expect(
        await target.db
          .selectFrom(table)
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirst(),
      ).toEqual({
        n: 0,
      });
    expect(await createJobQueue(target).pendingJobs()).toEqual([]);

    await sql`drop trigger lg_alter_name on companies`.execute(target.db);
    const report = await copy(source, target);
    expect(tableRows(report).companies).toBeGreaterThan(0);
    expect(report.jobs).toBe(pending);
  });
});

/** A GET through the whole application on the database, as a client sees it. */
async function readThrough(database: Database, url: string, token: string) {
  const ctx = testContext(database);
  const app = await buildApp({ ctx, publicUrl: 'http://127.0.0.1' });
  try {
    const answer = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(answer.statusCode).toBe(200);
    return answer.json();
  } finally {
    await app.close();
  }
}
