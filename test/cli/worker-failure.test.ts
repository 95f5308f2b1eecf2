import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.ts';
import { useExportWorld } from '../support/export-world.ts';
import { type LedgergateProcess, spawnLedgergate } from '../support/ledgergate-process.ts';

/**
 * A worker whose graphile-worker pool shut itself down runs no job while the process looks alive; it must
 * exit non-zero instead, so that its supervisor (systemd's Restart=on-failure) starts it again.
 */
describe.runIf(dialects.includes('postgres'))('a worker process on PostgreSQL', () => {
  const w = useExportWorld('postgres');
  const running: LedgergateProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop('SIGKILL')));
  });

  it('exits non-zero when its queue engine stops on its own', async () => {
    const { database, secretKey } = w.current;
    const worker = spawnLedgergate(['worker'], {
      DATABASE_URL: database.scratch.url,
      LEDGERGATE_SECRET_KEY: secretKey,
    });
    running.push(worker);
    await worker.ready;
    let exited = false;
    void worker.exited.then(() => {
      exited = true;
    });
    // What a newer graphile-worker announces after a breaking migration of its schema: every older pool
    // shuts itself down. Repeated until the pool listens (it starts listening just after it starts).
    for (let tries = 0; !exited && tries < 100; tries++) {
      await sql`select pg_notify('worker:migrate', '{"migrationNumber": 999, "breaking": true}')`.execute(
        database.db,
      );
      await sleep(100);
    }
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain('the job worker stopped on its own: exiting');
  });
});
